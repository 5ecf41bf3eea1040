using System.Text;
using FoiPipeline.Deadlines;
using static FoiPipeline.UnitTests.Deadlines.TestDates;

namespace FoiPipeline.UnitTests.Deadlines;

public class BankHolidayCalendarTests
{
    private const string AllThreeDivisions = """
        "england-and-wales":{"division":"england-and-wales","events":[{"title":"New Year's Day","date":"2030-01-01","notes":"","bunting":true}]},
        "scotland":{"division":"scotland","events":[{"title":"2nd January","date":"2030-01-02","notes":"","bunting":true}]},
        "northern-ireland":{"division":"northern-ireland","events":[{"title":"New Year's Day","date":"2030-01-01"}]}
        """;

    private static BankHolidayCalendar Load(string json) => BankHolidayCalendar.LoadGovUkFile(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test");

    private static List<string> Listed(BankHolidayCalendar calendar, int year, UkDivision division)
        => [.. calendar.HolidaysIn(year, division).Select(h => $"{h.Date:yyyy-MM-dd} {h.Title}")];

    [Fact]
    public void The_rules_and_the_one_off_table_reproduce_the_gov_uk_file_for_every_division_from_2010_to_2027()
    {
        var govUk = BankHolidayCalendar.EmbeddedGovUkCopy;
        Assert.Equal(2010, govUk.FirstYear);
        Assert.Equal(2027, govUk.LastYear);
        foreach (var division in UkDivisions.All)
        {
            for (var year = 2010; year <= 2027; year++)
            {
                // Dates and titles alike, so a difference names the holiday that went wrong.
                Assert.Equal(Listed(govUk, year, division), Listed(BankHolidayCalendar.Embedded, year, division));
            }
        }
    }

    [Fact]
    public void The_rule_calendar_has_no_last_year()
    {
        var calendar = BankHolidayCalendar.Embedded;
        Assert.False(calendar.IsGovUkFile);
        Assert.True(calendar.Covers(D("2100-12-25")));
        Assert.Equal(UkDivisions.All, calendar.DivisionsObserving(D("2100-12-27"))); // Christmas 2100 is a Saturday
        Assert.Contains("bank-holiday-changes.json", calendar.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_division_observes_christmas_and_only_northern_ireland_observes_st_patricks_day()
    {
        Assert.Equal([UkDivision.EnglandAndWales, UkDivision.Scotland, UkDivision.NorthernIreland], BankHolidayCalendar.Embedded.DivisionsObserving(D("2026-12-25")));
        Assert.Equal([UkDivision.NorthernIreland], BankHolidayCalendar.Embedded.DivisionsObserving(D("2026-03-17")));
        Assert.True(BankHolidayCalendar.Embedded.IsBankHoliday(D("2026-03-17")));
        Assert.False(BankHolidayCalendar.Embedded.IsBankHoliday(D("2026-03-17"), UkDivision.Scotland));
        Assert.Empty(BankHolidayCalendar.Embedded.DivisionsObserving(D("2026-03-18")));
    }

    [Fact]
    public void A_file_in_the_gov_uk_shape_loads_and_its_unknown_fields_are_ignored()
    {
        var calendar = Load("{" + AllThreeDivisions + "}");
        Assert.True(calendar.IsGovUkFile);
        Assert.True(calendar.IsBankHoliday(D("2030-01-02"), UkDivision.Scotland));
        Assert.False(calendar.IsBankHoliday(D("2030-01-02"), UkDivision.EnglandAndWales));
        Assert.Equal(2030, calendar.FirstYear);
        Assert.Equal(2030, calendar.LastYear);
    }

    [Fact]
    public void Coverage_of_a_gov_uk_file_ends_where_the_shortest_division_ends()
    {
        var calendar = Load("""
            {"england-and-wales":{"events":[{"date":"2030-01-01"},{"date":"2031-01-01"}]},
             "scotland":{"events":[{"date":"2030-01-02"},{"date":"2031-01-01"}]},
             "northern-ireland":{"events":[{"date":"2030-01-01"}]}}
            """);
        Assert.Equal(2030, calendar.LastYear);
        var error = Assert.Throws<CalendarNotCoveredException>(() => calendar.IsBankHoliday(D("2031-01-01")));
        Assert.Contains("BankHolidaysPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"england-and-wales":{"division":"england-and-wales"}}""", "no 'events' array")]
    [InlineData("""{"england-and-wales":{"events":[{"date":"01/02/2030"}]}}""", "not yyyy-MM-dd")]
    [InlineData("""{"wales":{"events":[{"date":"2030-01-01"}]}}""", "'wales' is not one of england-and-wales, scotland, northern-ireland")]
    [InlineData("""{"england-and-wales":{"events":[{"date":"2030-01-01"}]}}""", "no bank holidays for scotland, northern-ireland")]
    [InlineData("{}", "no bank holidays for england-and-wales, scotland, northern-ireland")]
    [InlineData("[]", "not in gov.uk's shape")]
    public void A_malformed_file_is_refused_with_a_message_that_says_where(string json, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-bank-holidays-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<InvalidOperationException>(() => BankHolidayCalendar.LoadGovUkFile(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
