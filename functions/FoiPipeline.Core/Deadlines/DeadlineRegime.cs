using System.Diagnostics.CodeAnalysis;

namespace FoiPipeline.Deadlines;

/// <summary>
/// The statute a request is answered under, as far as the clock is concerned: how many working days, what a
/// working day is, and whether the limit can be extended. Every regime names Christmas Day as not a working
/// day, so <see cref="WorkingDays"/> always skips it. Chosen by <c>FoiPipeline:Deadlines:Regime</c>
/// (foia, foisa or eir); a regime is a flag on the whole deployment, never mixed within one count.
/// </summary>
public sealed class DeadlineRegime
{
    private DeadlineRegime(
        string name, string title, int workingDayLimit, int? extendedWorkingDayLimit, IReadOnlyList<UkDivision> divisions, bool excludesGoodFriday)
    {
        Name = name;
        Title = title;
        WorkingDayLimit = workingDayLimit;
        ExtendedWorkingDayLimit = extendedWorkingDayLimit;
        Divisions = divisions;
        ExcludesGoodFriday = excludesGoodFriday;
    }

    /// <summary>
    /// Freedom of Information Act 2000: the twentieth working day following the date of receipt (s10(1)); a
    /// working day is not a Saturday, Sunday, Christmas Day, Good Friday or a bank holiday in any part of the
    /// United Kingdom (s10(6)).
    /// </summary>
    public static DeadlineRegime Foia { get; } = new("foia", "FOIA s10", 20, null, UkDivisions.All, excludesGoodFriday: true);

    /// <summary>
    /// Freedom of Information (Scotland) Act 2002: twenty working days (s10(1)); a working day is any day other
    /// than a Saturday, Sunday, Christmas Day or a bank holiday in Scotland (s73). Good Friday is not named,
    /// but it is a Scottish bank holiday, so it is still skipped; Easter Monday and the Northern Irish days are not.
    /// </summary>
    public static DeadlineRegime Foisa { get; } = new("foisa", "FOISA s10", 20, null, [UkDivision.Scotland], excludesGoodFriday: false);

    /// <summary>
    /// Environmental Information Regulations 2004: twenty working days (reg 5(2)), extendable to forty for
    /// complex and voluminous requests (reg 7(1)); working days as FOIA s10(6).
    /// </summary>
    public static DeadlineRegime Eir { get; } = new("eir", "EIR reg 5", 20, 40, UkDivisions.All, excludesGoodFriday: true);

    public static IReadOnlyList<DeadlineRegime> All { get; } = [Foia, Foisa, Eir];

    /// <summary>The configuration name: <c>foia</c>, <c>foisa</c> or <c>eir</c>.</summary>
    public string Name { get; }

    /// <summary>The statute and section that sets the limit, short enough for a table footer: "FOIA s10".</summary>
    public string Title { get; }

    /// <summary>Working days after the date of receipt by which the authority must respond.</summary>
    public int WorkingDayLimit { get; }

    /// <summary>The limit once extended (EIR's 40 working days), or null when the regime has no such extension.</summary>
    public int? ExtendedWorkingDayLimit { get; }

    /// <summary>The divisions whose bank holidays are not working days.</summary>
    public IReadOnlyList<UkDivision> Divisions { get; }

    /// <summary>Whether Good Friday is excluded by name, whatever the bank holiday data says (FOIA s10(6)).</summary>
    public bool ExcludesGoodFriday { get; }

    /// <summary>Finds a regime by <see cref="Name"/>, ignoring case.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out DeadlineRegime? regime)
    {
        regime = All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return regime is not null;
    }

    /// <summary>For error messages: "foia, foisa, eir".</summary>
    public static string KnownNames => string.Join(", ", All.Select(r => r.Name));

    public override string ToString() => Name;
}
