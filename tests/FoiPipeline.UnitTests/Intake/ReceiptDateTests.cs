using FoiPipeline.Intake;
using FoiPipeline.UnitTests.Support;

namespace FoiPipeline.UnitTests.Intake;

public class ReceiptDateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Uploaded = new(2026, 11, 21, 11, 0, 0, TimeSpan.Zero);

    private static Extraction Email(DateTimeOffset? received, DateTimeOffset? date)
        => Extractors.ReadAsync(EmailBytes(received, date)).GetAwaiter().GetResult();

    private static byte[] EmailBytes(DateTimeOffset? received, DateTimeOffset? date)
    {
        var raw = "From: a@example.org\r\n"
            + (received is { } r ? $"Received: by mailbox; {Rfc5322(r)}\r\n" : string.Empty)
            + (date is { } d ? $"Date: {Rfc5322(d)}\r\n" : string.Empty)
            + "\r\nPlease send the figures.\r\n";
        return System.Text.Encoding.ASCII.GetBytes(raw);
    }

    private static string Rfc5322(DateTimeOffset at) => at.ToString("ddd, d MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_stated_date_wins_because_the_post_room_knows_when_the_letter_came()
    {
        var receipt = ReceiptDate.Decide(Email(Now.AddDays(-1), null), "2026-11-18T09:00:00Z", Uploaded, Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero), receipt.At);
        Assert.Equal(ReceivedAtSource.UploadMetadata, receipt.Source);
    }

    [Fact]
    public void An_email_counts_from_when_our_server_received_it_not_when_it_was_written()
    {
        var receipt = ReceiptDate.Decide(Email(received: Now.AddDays(-2), date: Now.AddDays(-3)), null, Uploaded, Now);
        Assert.Equal(Now.AddDays(-2), receipt.At);
        Assert.Equal(ReceivedAtSource.EmailReceivedHeader, receipt.Source);
        Assert.Empty(receipt.Warnings);
    }

    [Fact]
    public void Without_a_received_header_the_date_header_is_used_with_a_warning()
    {
        var receipt = ReceiptDate.Decide(Email(received: null, date: Now.AddDays(-3)), null, Uploaded, Now);
        Assert.Equal(ReceivedAtSource.EmailDateHeader, receipt.Source);
        Assert.Single(receipt.Warnings);
    }

    [Fact]
    public void A_date_in_the_future_is_implausible_and_ignored()
    {
        var receipt = ReceiptDate.Decide(Email(received: Now.AddDays(30), date: null), "not a date", Uploaded, Now);
        Assert.Equal(Uploaded, receipt.At);
        Assert.Equal(ReceivedAtSource.BlobCreated, receipt.Source);
        Assert.Contains(receipt.Warnings, w => w.Contains("not a date", StringComparison.Ordinal));
    }
}
