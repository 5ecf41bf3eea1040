using FoiPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Intake.SharedMailbox;

/// <summary>
/// The Microsoft 365 mailbox requests arrive in, read over Microsoft Graph, bound from <c>FoiPipeline:Mailbox</c>.
/// The connector is off until <see cref="Mailbox"/> names a mailbox, so a deployment without one is unchanged.
/// </summary>
public sealed class MailboxOptions
{
    public const string SectionName = "FoiPipeline:Mailbox";

    /// <summary>The Entra ID scope of Microsoft Graph for app-only tokens (the app's granted application permissions).</summary>
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>The shared mailbox: its address (user principal name, e.g. foi@force.police.uk) or its Entra object id. Empty: the connector is off.</summary>
    public string? Mailbox { get; set; }

    /// <summary>The folder to read: a well-known name (<c>inbox</c>) or a folder id.</summary>
    public string Folder { get; set; } = "inbox";

    /// <summary>Outlook category added to a message once it is in intake, so staff see it was taken; empty for none.</summary>
    public string? Category { get; set; } = "FOI: taken";

    /// <summary>A folder (id, or a well-known name such as <c>archive</c>) taken messages are moved to; empty to leave them where they are.</summary>
    public string? MoveToFolder { get; set; }

    /// <summary>Microsoft Graph's base address; a test points it at a local fake, a national cloud at its own endpoint.</summary>
    public Uri GraphBaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>Messages per delta page asked for with <c>Prefer: odata.maxpagesize</c>; the state is saved after each page.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// The Functions timer's NCRONTAB schedule; the trigger reads it as <c>%FoiPipeline:Mailbox:Schedule%</c>, so the
    /// setting must exist in the function app even when no mailbox is configured.
    /// </summary>
    public string Schedule { get; set; } = "0 */2 * * * *";

    /// <summary>How often <c>foi run</c> reads the mailbox.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Container for the connector's state (the delta link per mailbox and folder).</summary>
    public string StateContainer { get; set; } = "mailbox-state";

    /// <summary>Retries of a throttled (429, honouring Retry-After) or failing (5xx) Graph request before the run stops until next time.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off of a retry when Graph sends no Retry-After; it grows exponentially.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Mailbox);
}

/// <summary>Fails start-up with a message that names the setting, rather than failing at the first poll.</summary>
public sealed class MailboxOptionsValidator : IValidateOptions<MailboxOptions>
{
    public ValidateOptionsResult Validate(string? name, MailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        const string Section = MailboxOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            errors.Add($"{Section}:Folder is empty: name the folder to read, e.g. 'inbox' or a folder id.");
        }

        if (string.IsNullOrWhiteSpace(options.Category) && string.IsNullOrWhiteSpace(options.MoveToFolder))
        {
            errors.Add($"{Section}: set Category or MoveToFolder (or both), or staff cannot see in Outlook which messages were taken.");
        }

        if (options.Category is { Length: > 255 })
        {
            errors.Add($"{Section}:Category is longer than an Outlook category name may be (255 characters).");
        }

        if (!string.IsNullOrWhiteSpace(options.MoveToFolder) && string.Equals(options.MoveToFolder.Trim(), options.Folder?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Section}:MoveToFolder is the folder being read; taken mail would never leave it. Name another folder.");
        }

        // Bearer tokens are only ever sent over TLS (Azure.Core's bearer policy refuses http).
        if (options.GraphBaseUrl is not { IsAbsoluteUri: true } url || url.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{Section}:GraphBaseUrl = '{options.GraphBaseUrl}' must be an absolute https address, e.g. https://graph.microsoft.com/v1.0.");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            errors.Add($"{Section}:PageSize must be between 1 and 1000 (got {options.PageSize}).");
        }

        if (string.IsNullOrWhiteSpace(options.Schedule))
        {
            errors.Add($"{Section}:Schedule is empty: give an NCRONTAB expression such as '0 */2 * * * *'.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Section}:PollInterval must be at least one second (got {options.PollInterval}).");
        }

        if (string.IsNullOrWhiteSpace(options.StateContainer) || !PipelineOptionsValidator.StorageName().IsMatch(options.StateContainer))
        {
            errors.Add($"{Section}:StateContainer = '{options.StateContainer}' is not a valid container name: use 3-63 lowercase letters, digits and single hyphens.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{Section}:MaxRetries must be between 0 and 10 (got {options.MaxRetries}).");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:RetryDelay must be positive (got {options.RetryDelay}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
