using System.Globalization;
using System.Text.Json;

namespace FoiPipeline.Deadlines;

/// <summary>
/// UK bank holidays, read from a file in the shape of https://www.gov.uk/bank-holidays.json. Every
/// division's days are kept, because FOIA s10(6) counts a bank holiday "in any part of the United
/// Kingdom". The calendar knows which years it covers and refuses to answer outside them.
/// </summary>
public sealed class BankHolidayCalendar
{
    private readonly Dictionary<DateOnly, List<string>> _holidays;

    private BankHolidayCalendar(Dictionary<DateOnly, List<string>> holidays, int firstYear, int lastYear, string source)
    {
        _holidays = holidays;
        FirstYear = firstYear;
        LastYear = lastYear;
        Source = source;
    }

    public int FirstYear { get; }

    public int LastYear { get; }

    /// <summary>Where the data came from: the embedded copy or a file path.</summary>
    public string Source { get; }

    public bool Covers(DateOnly day) => day.Year >= FirstYear && day.Year <= LastYear;

    public bool IsBankHoliday(DateOnly day) => _holidays.ContainsKey(day);

    /// <summary>Which divisions observe <paramref name="day"/> as a bank holiday (empty when none do).</summary>
    public IReadOnlyList<string> DivisionsObserving(DateOnly day) => _holidays.TryGetValue(day, out var divisions) ? divisions : [];

    /// <summary>The copy shipped with FoiPipeline (see Data/README.md for what it holds).</summary>
    public static BankHolidayCalendar Embedded { get; } = LoadEmbedded();

    public static BankHolidayCalendar Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Cannot read the bank holiday file '{path}': {ex.Message}", ex);
        }
    }

    /// <exception cref="InvalidOperationException">The data is not in the gov.uk shape; the message says where.</exception>
    public static BankHolidayCalendar Load(Stream json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The bank holiday file '{source}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var holidays = new Dictionary<DateOnly, List<string>>();
            var yearsPerDivision = new List<(int First, int Last)>();
            foreach (var division in document.RootElement.EnumerateObject())
            {
                if (!division.Value.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidOperationException($"The bank holiday file '{source}': division '{division.Name}' has no 'events' array.");
                }

                int first = int.MaxValue, last = int.MinValue;
                foreach (var holiday in events.EnumerateArray())
                {
                    var text = holiday.TryGetProperty("date", out var date) ? date.GetString() : null;
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        throw new InvalidOperationException($"The bank holiday file '{source}': division '{division.Name}' has an event with date '{text}', not yyyy-MM-dd.");
                    }

                    if (!holidays.TryGetValue(day, out var divisions))
                    {
                        holidays[day] = divisions = [];
                    }

                    divisions.Add(division.Name);
                    first = Math.Min(first, day.Year);
                    last = Math.Max(last, day.Year);
                }

                if (first <= last)
                {
                    yearsPerDivision.Add((first, last));
                }
            }

            if (yearsPerDivision.Count == 0)
            {
                throw new InvalidOperationException($"The bank holiday file '{source}' holds no bank holidays.");
            }

            // Covered only where every division has data: a year with England's days but not Scotland's is not covered.
            return new BankHolidayCalendar(holidays, yearsPerDivision.Max(y => y.First), yearsPerDivision.Min(y => y.Last), source);
        }
    }

    private static BankHolidayCalendar LoadEmbedded()
    {
        const string name = "FoiPipeline.Data.bank-holidays.json";
        using var stream = typeof(BankHolidayCalendar).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from FoiPipeline.Core.");
        return Load(stream, "embedded bank-holidays.json");
    }
}
