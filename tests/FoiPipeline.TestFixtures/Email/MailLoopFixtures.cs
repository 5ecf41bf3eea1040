namespace FoiPipeline.TestFixtures;

/// <summary>
/// Real-shaped emails that are not new requests (auto-replies, bounces, a requester's replies) and a request
/// that only looks like one in its body; see Files/README.md for what each holds.
/// </summary>
public static class MailLoopFixtures
{
    public const string RequestMessageId = "CAJ8f3kQ2x1Lp7bW5nYd0Rz4Tq=9mV@mail.example.net";

    public const string RequestReference = "WEB-58120";

    public const string RequesterAddress = "priya.shah@example.net";

    public const string PostfixBouncedMessageId = "LO2P265MB4471CC77DD88EE99FF00AA11BB22@LO2P265MB4471.GBRP265.PROD.OUTLOOK.COM";

    public const string ExchangeBouncedMessageId = "LO2P265MB4471DD33EE44FF55AA66BB77CC88@LO2P265MB4471.GBRP265.PROD.OUTLOOK.COM";

    /// <summary>Priya Shah's request about drones, the one the replies answer.</summary>
    public static byte[] Request => Read("request-drones.eml");

    public static byte[] ReplyInThread => Read("reply-in-thread.eml");

    public static byte[] ReplyByReference => Read("reply-by-reference.eml");

    public static byte[] OutlookAutomaticReply => Read("outlook-automatic-reply.eml");

    public static byte[] GmailVacationResponder => Read("gmail-vacation-responder.eml");

    public static byte[] PostfixBounce => Read("postfix-bounce.eml");

    public static byte[] ExchangeUndeliverable => Read("exchange-undeliverable.eml");

    public static byte[] RequestMentioningOutOfOffice => Read("request-mentioning-out-of-office.eml");

    /// <summary>
    /// The same email as delivered a second time: one more Received line at the top, as a mail server adds when
    /// it delivers again, so the bytes (and the docId) differ but the Message-ID is the same.
    /// </summary>
    public static byte[] Redelivered(byte[] email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var hop = "Received: from mx2.example.police.uk (10.20.0.6) by EXCH01.example.police.uk\r\n (10.20.0.11) with Microsoft SMTP Server id 15.2.1544.4; Fri, 13 Nov 2026 10:00:00 +0000\r\n"u8;
        return [.. hop, .. email];
    }

    private static byte[] Read(string name) => FixtureResources.Read("MailLoops." + name);
}
