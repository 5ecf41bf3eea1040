using FoiPipeline.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FoiPipeline.UnitTests.Deadlines;

public class DeadlineOptionsTests
{
    private static IEnumerable<string> Failures(DeadlineOptions options) => new DeadlineOptionsValidator().Validate(null, options).Failures ?? [];

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void The_defaults_are_foia_over_the_rules_and_the_embedded_table()
    {
        var options = DeadlineOptions.From(Configuration());
        Assert.Empty(Failures(options));
        var workingDays = options.CreateWorkingDays();
        Assert.Same(DeadlineRegime.Foia, workingDays.Regime);
        Assert.Same(BankHolidayCalendar.Embedded, workingDays.Calendar);
    }

    [Theory]
    [InlineData("foisa")]
    [InlineData("FOISA")]
    [InlineData(" Foisa ")]
    public void The_regime_is_chosen_by_configuration_whatever_its_case(string name)
    {
        var options = DeadlineOptions.From(Configuration(("FoiPipeline:Deadlines:Regime", name)));
        Assert.Same(DeadlineRegime.Foisa, options.CreateWorkingDays().Regime);
    }

    [Fact]
    public void An_unknown_regime_fails_start_up_with_the_names_it_could_have_been()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DeadlineOptions.From(Configuration(("FoiPipeline:Deadlines:Regime", "sar"))));
        var failure = Assert.Single(error.Failures);
        Assert.Contains("FoiPipeline:Deadlines:Regime = 'sar' is not known; use one of foia, foisa, eir", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_holiday_sources_at_once_are_refused()
        => Assert.Contains(Failures(new DeadlineOptions { BankHolidaysPath = "a.json", BankHolidayChangesPath = "b.json" }), f => f.Contains("not both", StringComparison.Ordinal));

    [Fact]
    public void A_holiday_file_that_cannot_be_read_fails_start_up_naming_the_setting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-changes-{Guid.NewGuid():N}.json");
        var failure = Assert.Single(Failures(new DeadlineOptions { BankHolidayChangesPath = path }));
        Assert.StartsWith("FoiPipeline:Deadlines:BankHolidayChangesPath: ", failure, StringComparison.Ordinal);
        Assert.Contains(path, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gov_uk_file_replaces_the_rules()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """
                {"england-and-wales":{"events":[{"date":"2030-01-01"}]},"scotland":{"events":[{"date":"2030-01-01"}]},
                 "northern-ireland":{"events":[{"date":"2030-01-01"}]}}
                """);
            var options = DeadlineOptions.From(Configuration(("FoiPipeline:Deadlines:BankHolidaysPath", path)));
            var calendar = options.CreateCalendar();
            Assert.True(calendar.IsGovUkFile);
            Assert.Equal(path, calendar.Source);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
