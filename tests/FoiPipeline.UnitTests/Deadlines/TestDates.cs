using System.Globalization;

namespace FoiPipeline.UnitTests.Deadlines;

/// <summary>ISO dates in tests read as the calendar a person would check them against.</summary>
internal static class TestDates
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
