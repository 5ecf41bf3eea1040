using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Deadlines;

/// <summary>
/// UK bank holidays for each division. The usual source is the rules plus the table of one-off changes
/// (<see cref="FromRules"/>, and <see cref="Embedded"/> with the shipped table), which answers for any year.
/// An authority that prefers gov.uk's own list can load a file in the shape of
/// https://www.gov.uk/bank-holidays.json instead (<see cref="LoadGovUkFile(string)"/>); such a calendar
/// covers only the years in the file and refuses to answer outside them.
/// </summary>
public sealed class BankHolidayCalendar
{
    private readonly ConcurrentDictionary<int, HolidayYear> _years;
    private readonly Func<int, HolidayYear> _compute;

    private BankHolidayCalendar(string source, int firstYear, int lastYear, bool isGovUkFile, Func<int, HolidayYear> compute, ConcurrentDictionary<int, HolidayYear>? years = null)
    {
        Source = source;
        FirstYear = firstYear;
        LastYear = lastYear;
        IsGovUkFile = isGovUkFile;
        _compute = compute;
        _years = years ?? new ConcurrentDictionary<int, HolidayYear>();
    }

    /// <summary>The rules with the embedded table of one-off changes: the default, for any year.</summary>
    public static BankHolidayCalendar Embedded { get; } = FromRules(BankHolidayChanges.Embedded);

    /// <summary>The gov.uk-format copy shipped as Data/bank-holidays.json (2010-2027), kept to check the rules against.</summary>
    internal static BankHolidayCalendar EmbeddedGovUkCopy { get; } = LoadEmbeddedGovUkCopy();

    /// <summary>Where the data came from: the rules and which changes table, or a file path.</summary>
    public string Source { get; }

    public int FirstYear { get; }

    public int LastYear { get; }

    /// <summary>True when the holidays come from a gov.uk-format file rather than the rules.</summary>
    public bool IsGovUkFile { get; }

    /// <summary>Bank holidays by rule (<see cref="BankHolidayRules"/>) with <paramref name="changes"/> made.</summary>
    public static BankHolidayCalendar FromRules(BankHolidayChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new BankHolidayCalendar(
            $"rules with {changes.Source}",
            DateOnly.MinValue.Year,
            DateOnly.MaxValue.Year,
            isGovUkFile: false,
            year => new HolidayYear(UkDivisions.All.SelectMany(division => changes.ApplyTo(year, division, BankHolidayRules.For(year, division)))));
    }

    public bool Covers(DateOnly day) => day.Year >= FirstYear && day.Year <= LastYear;

    /// <summary>Whether <paramref name="day"/> is a bank holiday in any division.</summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk file that does not reach <paramref name="day"/>.</exception>
    public bool IsBankHoliday(DateOnly day) => YearOf(day).Divisions(day).Length > 0;

    /// <summary>Whether <paramref name="day"/> is a bank holiday in <paramref name="division"/>.</summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk file that does not reach <paramref name="day"/>.</exception>
    public bool IsBankHoliday(DateOnly day, UkDivision division) => YearOf(day).Divisions(day).Contains(division);

    /// <summary>Which divisions observe <paramref name="day"/> as a bank holiday, in gov.uk's order (empty when none do).</summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk file that does not reach <paramref name="day"/>.</exception>
    public IReadOnlyList<UkDivision> DivisionsObserving(DateOnly day) => YearOf(day).Divisions(day);

    /// <summary>The bank holidays of <paramref name="year"/> in <paramref name="division"/>, in date order.</summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk file that does not cover <paramref name="year"/>.</exception>
    public IReadOnlyList<BankHoliday> HolidaysIn(int year, UkDivision division) => YearOf(new DateOnly(year, 1, 1)).Holidays(division);

    /// <summary>What to tell a person when a day is outside <see cref="FirstYear"/>-<see cref="LastYear"/>.</summary>
    internal string NotCoveredMessage(DateOnly day) =>
        $"The bank holiday data ({Source}) covers {FirstYear}-{LastYear}, not {day:yyyy-MM-dd}. " +
        (IsGovUkFile
            ? "Download a newer https://www.gov.uk/bank-holidays.json and point FoiPipeline:Deadlines:BankHolidaysPath at it, or clear that setting to compute holidays by rule."
            : "Dates outside that range cannot be represented.");

    /// <summary>Reads a file in the shape of https://www.gov.uk/bank-holidays.json.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or is not in the gov.uk shape.</exception>
    public static BankHolidayCalendar LoadGovUkFile(string path) => DataFile.Read(path, "bank holiday file", LoadGovUkFile);

    /// <summary>
    /// Reads gov.uk's shape, <c>{division: {division, events: [{title, date}]}}</c>, ignoring fields it does not
    /// use. All three divisions must be present; the calendar covers the years every division has data for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data is not in the gov.uk shape; the message says where.</exception>
    public static BankHolidayCalendar LoadGovUkFile(Stream json, string source)
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
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"The bank holiday file '{source}' is not in gov.uk's shape: the top level must be an object of divisions.");
            }

            var holidays = new List<BankHoliday>();
            var yearsPerDivision = new Dictionary<UkDivision, (int First, int Last)>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (!UkDivisions.TryParse(entry.Name, out var division))
                {
                    throw new InvalidOperationException($"The bank holiday file '{source}': division '{entry.Name}' is not one of {UkDivisions.KnownKeys}.");
                }

                if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidOperationException($"The bank holiday file '{source}': division '{entry.Name}' has no 'events' array.");
                }

                int first = int.MaxValue, last = int.MinValue;
                foreach (var holiday in events.EnumerateArray())
                {
                    var text = holiday.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String ? date.GetString() : null;
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        throw new InvalidOperationException($"The bank holiday file '{source}': division '{entry.Name}' has an event with date '{text}', not yyyy-MM-dd.");
                    }

                    var title = holiday.TryGetProperty("title", out var titleText) && titleText.ValueKind == JsonValueKind.String ? titleText.GetString() : null;
                    holidays.Add(new BankHoliday(day, title ?? "Bank holiday", division));
                    first = Math.Min(first, day.Year);
                    last = Math.Max(last, day.Year);
                }

                if (first <= last)
                {
                    yearsPerDivision[division] = (first, last);
                }
            }

            var missing = UkDivisions.All.Where(d => !yearsPerDivision.ContainsKey(d)).Select(d => d.Key()).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The bank holiday file '{source}' has no bank holidays for {string.Join(", ", missing)}; a deadline needs every division's, as gov.uk's file has.");
            }

            var years = new ConcurrentDictionary<int, HolidayYear>(holidays.GroupBy(h => h.Date.Year).ToDictionary(g => g.Key, g => new HolidayYear(g)));

            // Covered only where every division has data: a year with England's days but not Scotland's is not covered.
            return new BankHolidayCalendar(
                source,
                yearsPerDivision.Values.Max(y => y.First),
                yearsPerDivision.Values.Min(y => y.Last),
                isGovUkFile: true,
                _ => HolidayYear.Empty,
                years);
        }
    }

    private HolidayYear YearOf(DateOnly day)
    {
        if (!Covers(day))
        {
            throw new CalendarNotCoveredException(day, this);
        }

        return _years.GetOrAdd(day.Year, _compute);
    }

    private static BankHolidayCalendar LoadEmbeddedGovUkCopy()
    {
        const string name = "FoiPipeline.Data.bank-holidays.json";
        using var stream = typeof(BankHolidayCalendar).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from FoiPipeline.Core.");
        return LoadGovUkFile(stream, "embedded bank-holidays.json");
    }

    /// <summary>One year's holidays, indexed by day and by division.</summary>
    private sealed class HolidayYear
    {
        private readonly Dictionary<DateOnly, ImmutableArray<UkDivision>> _byDay;
        private readonly Dictionary<UkDivision, ImmutableArray<BankHoliday>> _byDivision;

        public HolidayYear(IEnumerable<BankHoliday> holidays)
        {
            var all = holidays.OrderBy(h => h.Date).ThenBy(h => h.Division).ToList();
            _byDay = all.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.Select(h => h.Division).Distinct().Order().ToImmutableArray());
            _byDivision = all.GroupBy(h => h.Division).ToDictionary(g => g.Key, g => g.ToImmutableArray());
        }

        public static HolidayYear Empty { get; } = new([]);

        public ImmutableArray<UkDivision> Divisions(DateOnly day) => _byDay.TryGetValue(day, out var divisions) ? divisions : [];

        public ImmutableArray<BankHoliday> Holidays(UkDivision division) => _byDivision.TryGetValue(division, out var holidays) ? holidays : [];
    }
}
