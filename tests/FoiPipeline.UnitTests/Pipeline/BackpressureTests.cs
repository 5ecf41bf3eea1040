using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using FoiPipeline.Ocr;
using FoiPipeline.Pipeline;
using FoiPipeline.UnitTests.Api;

namespace FoiPipeline.UnitTests.Pipeline;

public class BackpressureTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Throttled_ocr_is_recognised_with_the_wait_the_service_asked_for()
    {
        var failure = new OcrException("busy", isTransient: true) { IsThrottled = true, RetryAfter = TimeSpan.FromSeconds(7) };

        Assert.Equal(new ServiceBusy("Document Intelligence", TimeSpan.FromSeconds(7)), ServiceBusy.In(new InvalidOperationException("wrapped", failure)));
    }

    [Theory]
    [InlineData(429, "3", 3.0)]
    [InlineData(503, "0", 0.0)]
    [InlineData(503, null, null)]
    public void A_service_answering_429_or_503_is_recognised_with_its_retry_after(int status, string? retryAfter, double? seconds)
    {
        var busy = ServiceBusy.In(new RequestFailedException(new StubResponse(status, retryAfter)));

        Assert.NotNull(busy);
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), busy.RetryAfter);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), busy.Service);
    }

    [Fact]
    public void Other_failures_are_not_throttling()
    {
        Assert.Null(ServiceBusy.In(new RequestFailedException(new StubResponse(500, "1"))));
        Assert.Null(ServiceBusy.In(new OcrException("unreachable", isTransient: true)));
        Assert.Null(ServiceBusy.In(new InvalidOperationException("extracted/x.json does not exist")));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(30.0, 30.0)]
    [InlineData(3600.0, 300.0)]
    public void A_pause_keeps_within_bounds_whatever_the_service_asks(double asked, double expected)
        => Assert.Equal(TimeSpan.FromSeconds(expected), StagePressure.PauseFor(new ServiceBusy("s", TimeSpan.FromSeconds(asked))));

    [Fact]
    public void A_service_that_gives_no_retry_after_gets_the_default_pause()
        => Assert.Equal(StagePressure.DefaultPause, StagePressure.PauseFor(new ServiceBusy("s", null)));

    [Fact]
    public void A_stage_stays_paused_for_the_longest_wait_asked_and_other_stages_are_not_paused()
    {
        var clock = new TestClock(Noon);
        var pressure = new StagePressure(clock);

        pressure.Pause("index", new ServiceBusy("s", TimeSpan.FromSeconds(20)));
        pressure.Pause("index", new ServiceBusy("s", TimeSpan.FromSeconds(5)));

        Assert.Equal(TimeSpan.FromSeconds(20), pressure.Remaining("index"));
        Assert.Equal(TimeSpan.Zero, pressure.Remaining(StagePressure.Ingest));
        clock.Now = Noon.AddSeconds(21);
        Assert.Equal(TimeSpan.Zero, pressure.Remaining("index"));
    }

    [Fact]
    public async Task Waiting_on_a_stage_that_is_not_paused_returns_at_once()
    {
        var pressure = new StagePressure(new TestClock(Noon));
        var wait = pressure.WaitAsync("analyze", CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
    }

    /// <summary>Just enough of an HTTP answer for a <see cref="RequestFailedException"/> to carry a status and Retry-After.</summary>
    private sealed class StubResponse(int status, string? retryAfter) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => "Stub";

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = "stub";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

        protected override IEnumerable<HttpHeader> EnumerateHeaders()
            => retryAfter is null ? [] : [new HttpHeader("Retry-After", retryAfter)];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase) ? retryAfter : null;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = TryGetHeader(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}
