using System.Text;
using FoiPipeline.Deadlines;
using static FoiPipeline.UnitTests.Deadlines.TestDates;

namespace FoiPipeline.UnitTests.Deadlines;

public class BankHolidayChangesTests
{
    private static BankHolidayChanges Load(string changes) => BankHolidayChanges.Load(
        new MemoryStream(Encoding.UTF8.GetBytes($$"""{"schemaVersion":1,"revised":"2026-11-21","changes":[{{changes}}]}""")), "test");

    [Theory]
    [InlineData("2011-04-29")] // royal wedding
    [InlineData("2012-06-05")] // Diamond Jubilee
    [InlineData("2022-06-03")] // Platinum Jubilee
    [InlineData("2022-09-19")] // State Funeral of Queen Elizabeth II
    [InlineData("2023-05-08")] // Coronation of King Charles III
    public void One_off_holidays_in_the_embedded_table_are_holidays_in_every_division(string day)
    {
        Assert.Equal(UkDivisions.All, BankHolidayCalendar.Embedded.DivisionsObserving(D(day)));
        Assert.Empty(BankHolidayCalendar.FromRules(BankHolidayChanges.None).DivisionsObserving(D(day)));
    }

    [Theory]
    [InlineData("2012-05-28", "2012-06-04")] // spring holiday joined to the Diamond Jubilee
    [InlineData("2020-05-04", "2020-05-08")] // early May holiday moved to VE Day
    [InlineData("2022-05-30", "2022-06-02")] // spring holiday moved for the Platinum Jubilee
    public void A_moved_holiday_is_taken_off_its_usual_day_and_put_on_the_new_one(string usual, string moved)
    {
        var rulesAlone = BankHolidayCalendar.FromRules(BankHolidayChanges.None);
        Assert.Equal(UkDivisions.All, rulesAlone.DivisionsObserving(D(usual)));
        Assert.Empty(rulesAlone.DivisionsObserving(D(moved)));

        Assert.Empty(BankHolidayCalendar.Embedded.DivisionsObserving(D(usual)));
        Assert.Equal(UkDivisions.All, BankHolidayCalendar.Embedded.DivisionsObserving(D(moved)));
    }

    [Fact]
    public void A_move_keeps_the_usual_name_unless_the_table_gives_one()
    {
        var holidays = BankHolidayCalendar.Embedded;
        Assert.Contains(holidays.HolidaysIn(2022, UkDivision.Scotland), h => h.Date == D("2022-06-02") && h.Title == "Spring bank holiday");
        Assert.Contains(holidays.HolidaysIn(2020, UkDivision.Scotland), h => h.Date == D("2020-05-08") && h.Title == "Early May bank holiday (VE day)");
    }

    [Fact]
    public void Every_change_in_the_embedded_table_says_where_it_comes_from()
    {
        var table = BankHolidayChanges.Embedded;
        Assert.Equal(8, table.Changes.Count);
        Assert.All(table.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.All(table.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
        Assert.NotNull(table.Revised);
    }

    [Fact]
    public void The_unconfirmed_scottish_holiday_of_june_2026_is_not_in_the_embedded_table()
        => Assert.Empty(BankHolidayCalendar.Embedded.DivisionsObserving(D("2026-06-15")));

    [Fact]
    public void An_authority_can_add_a_holiday_in_its_own_copy_of_the_table()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holiday-changes-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """
                {"schemaVersion":1,"revised":"2026-06-01","changes":[
                  {"change":"add","date":"2026-06-15","title":"Scottish holiday","divisions":["scotland"],"source":"our HR calendar"}]}
                """);
            var calendar = BankHolidayCalendar.FromRules(BankHolidayChanges.Load(path));
            Assert.Equal([UkDivision.Scotland], calendar.DivisionsObserving(D("2026-06-15")));
            Assert.Contains(path, calendar.Source, StringComparison.Ordinal);

            // FOIA s10(6): a Scotland-only bank holiday is not a working day for an English authority either.
            Assert.False(new WorkingDays(calendar, DeadlineRegime.Foia).IsWorkingDay(D("2026-06-15")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_table_can_remove_a_regular_holiday_in_one_division()
    {
        var table = Load("""{"change":"remove","date":"2030-08-05","divisions":["scotland"],"source":"test"}""");
        var calendar = BankHolidayCalendar.FromRules(table);
        Assert.Empty(calendar.DivisionsObserving(D("2030-08-05")));
        Assert.Equal("Summer bank holiday", table.Changes[0].Title);
    }

    [Theory]
    [InlineData("""{"change":"move","from":"2030-05-07","date":"2030-05-10","divisions":["england-and-wales"],"source":"s"}""", "2030-05-07 is not a regular bank holiday in england-and-wales, so it cannot be moved")]
    [InlineData("""{"change":"remove","date":"2030-03-17","divisions":["scotland"],"source":"s"}""", "2030-03-17 is not a regular bank holiday in scotland, so it cannot be removed")]
    [InlineData("""{"change":"add","date":"2030-12-25","title":"Extra","divisions":["scotland"],"source":"s"}""", "already a regular bank holiday in scotland")]
    [InlineData("""{"change":"add","date":"2030-06-14","title":"Extra","divisions":["wales"],"source":"s"}""", "division 'wales' is not one of")]
    [InlineData("""{"change":"add","date":"2030-06-14","title":"Extra","divisions":[],"source":"s"}""", "needs 'divisions'")]
    [InlineData("""{"change":"add","date":"2030-06-14","title":"Extra","divisions":["scotland"]}""", "needs a 'source'")]
    [InlineData("""{"change":"add","date":"2030-06-14","divisions":["scotland"],"source":"s"}""", "needs a 'title'")]
    [InlineData("""{"change":"move","date":"2030-06-14","divisions":["scotland"],"source":"s"}""", "a move needs 'from'")]
    [InlineData("""{"change":"cancel","date":"2030-06-14","divisions":["scotland"],"source":"s"}""", "'change' is 'cancel'; use add, move or remove")]
    [InlineData("""{"change":"add","date":"14/06/2030","title":"Extra","divisions":["scotland"],"source":"s"}""", "'date' is '14/06/2030', not a yyyy-MM-dd date")]
    [InlineData("""{"change":"add","date":"2030-06-14","title":"A","divisions":["scotland"],"source":"s"},{"change":"add","date":"2030-06-14","title":"B","divisions":["scotland"],"source":"s"}""", "change 2 (2030-06-14): another change already touches 2030-06-14 in scotland")]
    public void A_table_that_contradicts_the_rules_or_itself_is_refused_with_a_message_that_says_where(string changes, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(changes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"changes":[]}""", "schemaVersion (missing); this build reads 1")]
    [InlineData("""{"schemaVersion":2,"changes":[]}""", "schemaVersion 2; this build reads 1")]
    [InlineData("""{"schemaVersion":1}""", "no 'changes' array")]
    [InlineData("not json", "not valid JSON")]
    public void A_table_in_the_wrong_shape_is_refused(string json, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BankHolidayChanges.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
