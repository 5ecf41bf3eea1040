using System.Globalization;
using System.Text.Json;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Deadlines;

/// <summary>What a one-off change does to the regular bank holidays.</summary>
public enum BankHolidayChangeKind
{
    /// <summary>An extra bank holiday (Banking and Financial Dealings Act 1971 s1(3)).</summary>
    Add,

    /// <summary>A regular bank holiday observed on another day that year (s1(2)).</summary>
    Move,

    /// <summary>A regular bank holiday that is not one that year, with no replacement (s1(2)).</summary>
    Remove,
}

/// <summary>One proclaimed change to the regular bank holidays, in the divisions it applies to, with where it comes from.</summary>
public sealed record BankHolidayChange
{
    public required BankHolidayChangeKind Kind { get; init; }

    /// <summary>The day added, the day a holiday moves to, or the day removed.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>For a move, the regular holiday it replaces; null otherwise.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The holiday's name (for a move or removal without one in the file, the regular holiday's name).</summary>
    public required string Title { get; init; }

    public required IReadOnlyList<UkDivision> Divisions { get; init; }

    /// <summary>Where the change is published, or why we believe it.</summary>
    public required string Source { get; init; }
}

/// <summary>
/// The table of one-off changes to the regular bank holidays (jubilees, a state funeral, a moved early May
/// holiday), read from a versioned JSON file: Data/bank-holiday-changes.json is embedded, and an authority
/// can point <c>FoiPipeline:Deadlines:BankHolidayChangesPath</c> at its own copy. The file is checked
/// against <see cref="BankHolidayRules"/> as it loads, so a typo (moving a day that is not a holiday) fails
/// at start-up instead of quietly shifting deadlines.
/// </summary>
public sealed class BankHolidayChanges
{
    /// <summary>The <c>schemaVersion</c> this build reads.</summary>
    public const int SchemaVersion = 1;

    private const string EmbeddedName = "FoiPipeline.Data.bank-holiday-changes.json";

    private BankHolidayChanges(IReadOnlyList<BankHolidayChange> changes, string source, DateOnly? revised)
    {
        Changes = changes;
        Source = source;
        Revised = revised;
    }

    /// <summary>No changes: the rules alone.</summary>
    public static BankHolidayChanges None { get; } = new([], "no one-off changes", null);

    /// <summary>The table shipped with FoiPipeline (see Data/README.md).</summary>
    public static BankHolidayChanges Embedded { get; } = LoadEmbedded();

    public IReadOnlyList<BankHolidayChange> Changes { get; }

    /// <summary>Where the table came from: the embedded copy or a file path.</summary>
    public string Source { get; }

    /// <summary>The <c>revised</c> date in the file: when its content was last checked.</summary>
    public DateOnly? Revised { get; }

    /// <summary><paramref name="regular"/> (the rule holidays of one year and division) with this table's changes made.</summary>
    public IReadOnlyList<BankHoliday> ApplyTo(int year, UkDivision division, IReadOnlyList<BankHoliday> regular)
    {
        List<BankHoliday>? result = null;
        foreach (var change in Changes)
        {
            if (!change.Divisions.Contains(division))
            {
                continue;
            }

            var removed = change.Kind switch
            {
                BankHolidayChangeKind.Move => change.From,
                BankHolidayChangeKind.Remove => change.Date,
                _ => null,
            };
            if (removed?.Year == year)
            {
                result ??= [.. regular];
                result.RemoveAll(h => h.Date == removed);
            }

            if (change.Kind != BankHolidayChangeKind.Remove && change.Date.Year == year)
            {
                result ??= [.. regular];
                result.Add(new BankHoliday(change.Date, change.Title, division));
            }
        }

        if (result is null)
        {
            return regular;
        }

        result.Sort((a, b) => a.Date.CompareTo(b.Date));
        return result;
    }

    public static BankHolidayChanges Load(string path) => DataFile.Read(path, "bank holiday changes file", Load);

    /// <exception cref="InvalidOperationException">The file is malformed or contradicts the rules; the message says where.</exception>
    public static BankHolidayChanges Load(Stream json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The bank holiday changes file '{source}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var where = $"The bank holiday changes file '{source}'";
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{where} must be a JSON object with 'schemaVersion', 'revised' and 'changes'.");
            }

            if (!root.TryGetProperty("schemaVersion", out var version) || !version.TryGetInt32(out var schema) || schema != SchemaVersion)
            {
                throw new InvalidOperationException($"{where} has schemaVersion {(version.ValueKind == JsonValueKind.Undefined ? "(missing)" : version.GetRawText())}; this build reads {SchemaVersion}.");
            }

            var revised = root.TryGetProperty("revised", out var revisedText) ? ParseDate(revisedText, $"{where}: 'revised'") : (DateOnly?)null;
            if (!root.TryGetProperty("changes", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException($"{where} has no 'changes' array.");
            }

            var changes = new List<BankHolidayChange>();
            var touched = new HashSet<(DateOnly, UkDivision)>();
            var number = 0;
            foreach (var item in items.EnumerateArray())
            {
                number++;
                var change = ParseChange(item, $"{where}, change {number}");
                changes.Add(Check(change, touched, $"{where}, change {number} ({change.Date:yyyy-MM-dd})"));
            }

            return new BankHolidayChanges(changes, source, revised);
        }
    }

    private static BankHolidayChange ParseChange(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{where} is not an object.");
        }

        var kindText = OptionalString(item, "change", where);
        BankHolidayChangeKind kind = kindText switch
        {
            "add" => BankHolidayChangeKind.Add,
            "move" => BankHolidayChangeKind.Move,
            "remove" => BankHolidayChangeKind.Remove,
            _ => throw new InvalidOperationException($"{where}: 'change' is '{kindText}'; use add, move or remove."),
        };

        var date = item.TryGetProperty("date", out var dateText)
            ? ParseDate(dateText, $"{where}: 'date'")
            : throw new InvalidOperationException($"{where} has no 'date'.");
        DateOnly? from = null;
        if (item.TryGetProperty("from", out var fromText))
        {
            from = kind == BankHolidayChangeKind.Move
                ? ParseDate(fromText, $"{where}: 'from'")
                : throw new InvalidOperationException($"{where}: only a move has a 'from' date.");
        }
        else if (kind == BankHolidayChangeKind.Move)
        {
            throw new InvalidOperationException($"{where}: a move needs 'from', the regular holiday it replaces.");
        }

        var title = OptionalString(item, "title", where);
        if (kind == BankHolidayChangeKind.Add && string.IsNullOrWhiteSpace(title))
        {
            throw new InvalidOperationException($"{where}: an added holiday needs a 'title'.");
        }

        if (!item.TryGetProperty("divisions", out var divisionItems) || divisionItems.ValueKind != JsonValueKind.Array || divisionItems.GetArrayLength() == 0)
        {
            throw new InvalidOperationException($"{where} needs 'divisions', a non-empty array of {UkDivisions.KnownKeys}.");
        }

        var divisions = new List<UkDivision>();
        foreach (var divisionItem in divisionItems.EnumerateArray())
        {
            var key = divisionItem.ValueKind == JsonValueKind.String ? divisionItem.GetString() : divisionItem.GetRawText();
            if (!UkDivisions.TryParse(key, out var division))
            {
                throw new InvalidOperationException($"{where}: division '{key}' is not one of {UkDivisions.KnownKeys}.");
            }

            if (divisions.Contains(division))
            {
                throw new InvalidOperationException($"{where} lists division '{key}' twice.");
            }

            divisions.Add(division);
        }

        var source = OptionalString(item, "source", where);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new InvalidOperationException($"{where} needs a 'source': the proclamation or list that makes the change, or a note on why we believe it.");
        }

        return new BankHolidayChange
        {
            Kind = kind,
            Date = date,
            From = from,
            Title = title ?? string.Empty,
            Divisions = divisions,
            Source = source,
        };
    }

    // Checks a change against the rules: what is moved or removed must be a regular holiday, what is added must
    // not be one already, and no two changes may touch the same day in the same division. Fills in a missing title.
    private static BankHolidayChange Check(BankHolidayChange change, HashSet<(DateOnly, UkDivision)> touched, string where)
    {
        var removed = change.Kind switch
        {
            BankHolidayChangeKind.Move => change.From,
            BankHolidayChangeKind.Remove => change.Date,
            _ => null,
        };
        var added = change.Kind == BankHolidayChangeKind.Remove ? (DateOnly?)null : change.Date;
        foreach (var division in change.Divisions)
        {
            if (removed is { } day)
            {
                var regular = BankHolidayRules.For(day.Year, division).FirstOrDefault(h => h.Date == day)
                    ?? throw new InvalidOperationException(
                        $"{where}: {day:yyyy-MM-dd} is not a regular bank holiday in {division.Key()}, so it cannot be {(change.Kind == BankHolidayChangeKind.Move ? "moved" : "removed")}.");
                if (string.IsNullOrWhiteSpace(change.Title))
                {
                    change = change with { Title = regular.Title };
                }

                if (!touched.Add((day, division)))
                {
                    throw new InvalidOperationException($"{where}: another change already touches {day:yyyy-MM-dd} in {division.Key()}.");
                }
            }

            if (added is { } newDay)
            {
                if (BankHolidayRules.For(newDay.Year, division).Any(h => h.Date == newDay))
                {
                    throw new InvalidOperationException($"{where}: {newDay:yyyy-MM-dd} is already a regular bank holiday in {division.Key()}.");
                }

                if (!touched.Add((newDay, division)))
                {
                    throw new InvalidOperationException($"{where}: another change already touches {newDay:yyyy-MM-dd} in {division.Key()}.");
                }
            }
        }

        return change;
    }

    private static DateOnly ParseDate(JsonElement value, string where)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidOperationException($"{where} is '{text}', not a yyyy-MM-dd date.");
    }

    private static string? OptionalString(JsonElement item, string name, string where)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidOperationException($"{where}: '{name}' must be a string.");
    }

    private static BankHolidayChanges LoadEmbedded()
    {
        using var stream = typeof(BankHolidayChanges).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedName} is missing from FoiPipeline.Core.");
        return Load(stream, "embedded bank-holiday-changes.json");
    }
}
