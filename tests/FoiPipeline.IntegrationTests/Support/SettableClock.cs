namespace FoiPipeline.IntegrationTests.Support;

/// <summary>A clock a test moves by hand, registered in place of the system clock so days can pass in a test.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
