using System.Text;
using FoiPipeline.Deadlines;

namespace FoiPipeline.UnitTests.Deadlines;

public class BankHolidayCalendarTests
{
    private static BankHolidayCalendar Load(string json) => BankHolidayCalendar.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test");

    [Fact]
    public void The_embedded_copy_covers_every_division_through_2027()
    {
        var calendar = BankHolidayCalendar.Embedded;
        Assert.True(calendar.FirstYear <= 2015);
        Assert.Equal(2027, calendar.LastYear);
        Assert.Equal(["england-and-wales", "scotland", "northern-ireland"], calendar.DivisionsObserving(new DateOnly(2026, 12, 25)));
    }

    [Fact]
    public void A_file_in_the_gov_uk_shape_loads_and_its_unknown_fields_are_ignored()
    {
        var calendar = Load("""
            {"england-and-wales":{"division":"england-and-wales","events":[{"title":"New Year's Day","date":"2030-01-01","notes":"","bunting":true}]},
             "scotland":{"division":"scotland","events":[{"title":"2nd January","date":"2030-01-02","notes":"","bunting":true}]}}
            """);
        Assert.True(calendar.IsBankHoliday(new DateOnly(2030, 1, 2)));
        Assert.Equal(2030, calendar.FirstYear);
        Assert.Equal(2030, calendar.LastYear);
    }

    [Fact]
    public void Coverage_ends_where_the_shortest_division_ends()
    {
        var calendar = Load("""
            {"a":{"events":[{"date":"2030-01-01"},{"date":"2031-01-01"}]},
             "b":{"events":[{"date":"2030-01-02"}]}}
            """);
        Assert.Equal(2030, calendar.LastYear);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"a":{"division":"a"}}""", "no 'events' array")]
    [InlineData("""{"a":{"events":[{"date":"01/02/2030"}]}}""", "not yyyy-MM-dd")]
    [InlineData("{}", "holds no bank holidays")]
    public void A_malformed_file_is_refused_with_a_message_that_says_where(string json, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(json));
        Assert.Contains(expected, error.Message);
    }
}
