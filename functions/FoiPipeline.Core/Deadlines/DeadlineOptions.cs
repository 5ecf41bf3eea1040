using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Deadlines;

/// <summary>
/// How deadlines are computed, bound from <c>FoiPipeline:Deadlines</c>: the regime, and where bank holidays
/// come from (the rules with the embedded table of one-off changes unless one of the paths is set).
/// </summary>
public sealed class DeadlineOptions
{
    public const string SectionName = "FoiPipeline:Deadlines";

    /// <summary><c>foia</c> (the default), <c>foisa</c> for Scottish public authorities, or <c>eir</c>.</summary>
    public string Regime { get; set; } = DeadlineRegime.Foia.Name;

    /// <summary>The authority's own copy of Data/bank-holiday-changes.json, used with the rules instead of the embedded one.</summary>
    public string? BankHolidayChangesPath { get; set; }

    /// <summary>A download of https://www.gov.uk/bank-holidays.json, used instead of the rules; it covers only its own years.</summary>
    public string? BankHolidaysPath { get; set; }

    /// <summary>The options in <paramref name="configuration"/>, validated.</summary>
    /// <exception cref="OptionsValidationException">A setting is not valid; the failures say which and why.</exception>
    public static DeadlineOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<DeadlineOptions>() ?? new DeadlineOptions();
        var result = new DeadlineOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(SectionName, typeof(DeadlineOptions), result.Failures) : options;
    }

    /// <exception cref="InvalidOperationException">The regime is unknown (run <see cref="DeadlineOptionsValidator"/> first for a friendlier message).</exception>
    public DeadlineRegime ParseRegime() => DeadlineRegime.TryParse(Regime, out var regime)
        ? regime
        : throw new InvalidOperationException($"{SectionName}:Regime = '{Regime}' is not a regime this build knows; use one of {DeadlineRegime.KnownNames}.");

    /// <summary>Loads the bank holidays these options name (reads a file when a path is set).</summary>
    /// <exception cref="InvalidOperationException">A file cannot be read or is malformed; the message says which and where.</exception>
    public BankHolidayCalendar CreateCalendar()
    {
        if (!string.IsNullOrWhiteSpace(BankHolidaysPath))
        {
            return BankHolidayCalendar.LoadGovUkFile(BankHolidaysPath);
        }

        return string.IsNullOrWhiteSpace(BankHolidayChangesPath)
            ? BankHolidayCalendar.Embedded
            : BankHolidayCalendar.FromRules(BankHolidayChanges.Load(BankHolidayChangesPath));
    }

    /// <summary>Working days for the configured regime over the configured bank holidays.</summary>
    public WorkingDays CreateWorkingDays() => new(CreateCalendar(), ParseRegime());
}

/// <summary>
/// Fails start-up with a message naming the setting: an unknown regime, both holiday sources at once, or a
/// holiday file that cannot be read or does not make sense (it is loaded here, so a typo in it stops the host
/// rather than the first letter).
/// </summary>
public sealed class DeadlineOptionsValidator : IValidateOptions<DeadlineOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadlineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!DeadlineRegime.TryParse(options.Regime, out _))
        {
            errors.Add($"{DeadlineOptions.SectionName}:Regime = '{options.Regime}' is not known; use one of {DeadlineRegime.KnownNames} " +
                "(foia: FOIA 2000 and all UK bank holidays; foisa: FOI (Scotland) Act 2002 and Scottish bank holidays; eir: Environmental Information Regulations 2004).");
        }

        var govUk = !string.IsNullOrWhiteSpace(options.BankHolidaysPath);
        var changes = !string.IsNullOrWhiteSpace(options.BankHolidayChangesPath);
        if (govUk && changes)
        {
            errors.Add($"{DeadlineOptions.SectionName}: set BankHolidaysPath (a gov.uk file used instead of the rules) or BankHolidayChangesPath " +
                "(one-off changes used with the rules), not both.");
        }
        else if (govUk || changes)
        {
            try
            {
                options.CreateCalendar();
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{DeadlineOptions.SectionName}:{(govUk ? nameof(options.BankHolidaysPath) : nameof(options.BankHolidayChangesPath))}: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
