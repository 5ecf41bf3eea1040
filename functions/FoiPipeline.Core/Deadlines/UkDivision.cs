namespace FoiPipeline.Deadlines;

/// <summary>
/// The three parts of the United Kingdom that have their own bank holidays, as gov.uk lists them. FOIA s10(6)
/// counts a bank holiday in any of them; FOISA s73 counts only Scotland's.
/// </summary>
public enum UkDivision
{
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

/// <summary>The gov.uk names of <see cref="UkDivision"/> (<c>england-and-wales</c> and so on), used in every data file.</summary>
public static class UkDivisions
{
    /// <summary>Every division, in gov.uk's order.</summary>
    public static IReadOnlyList<UkDivision> All { get; } = [UkDivision.EnglandAndWales, UkDivision.Scotland, UkDivision.NorthernIreland];

    /// <summary>The name gov.uk gives the division in https://www.gov.uk/bank-holidays.json.</summary>
    public static string Key(this UkDivision division) => division switch
    {
        UkDivision.EnglandAndWales => "england-and-wales",
        UkDivision.Scotland => "scotland",
        UkDivision.NorthernIreland => "northern-ireland",
        _ => throw new ArgumentOutOfRangeException(nameof(division), division, "Not a UK division."),
    };

    public static bool TryParse(string? key, out UkDivision division)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Key(), key, StringComparison.Ordinal))
            {
                division = candidate;
                return true;
            }
        }

        division = default;
        return false;
    }

    /// <summary>For error messages: "england-and-wales, scotland, northern-ireland".</summary>
    internal static string KnownKeys => string.Join(", ", All.Select(d => d.Key()));
}
