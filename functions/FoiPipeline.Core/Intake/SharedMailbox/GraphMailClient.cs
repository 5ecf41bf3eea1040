using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FoiPipeline.Intake.SharedMailbox;

/// <summary>One message as a delta page lists it: enough to name, take and mark it, or that it left the folder.</summary>
public sealed record DeltaMessage(string Id, string? InternetMessageId, IReadOnlyList<string> Categories, DateTimeOffset? ReceivedAt, bool Removed);

/// <summary>One page of a delta round: either a next link (more pages in this round) or a delta link (the round is done).</summary>
public sealed record DeltaPage(IReadOnlyList<DeltaMessage> Messages, Uri? NextLink, Uri? DeltaLink);

/// <summary>Graph no longer knows the delta token (410 Gone, or a sync-state error): only a full synchronisation can follow.</summary>
public sealed class DeltaTokenExpiredException(string message) : Exception(message);

/// <summary>
/// The few Microsoft Graph mail calls the connector makes, over Azure.Core's <see cref="HttpPipeline"/> with an
/// app-only bearer token (no Graph SDK). Azure.Core owns retries: it retries 408, 429 and 5xx and waits out the
/// Retry-After Graph sends with a 429 (https://learn.microsoft.com/graph/throttling: "wait the number of seconds
/// specified in the Retry-After header"), so nothing here retries again. A 404 (the message is gone) is an answer,
/// not an error; anything else that fails throws <see cref="RequestFailedException"/>.
/// </summary>
public sealed class GraphMailClient
{
    // The delta query lists only what the connector needs; id is always returned
    // (https://learn.microsoft.com/graph/api/message-delta: "$select ... The id property is always returned").
    private const string DeltaSelect = "id,internetMessageId,categories,receivedDateTime";

    private readonly HttpPipeline _pipeline;
    private readonly string _baseUrl;
    private readonly string _mailbox;
    private readonly int _pageSize;

    /// <param name="options">Base address, mailbox, page size and retries.</param>
    /// <param name="credential">The app's identity (a managed identity in Azure); asked for <see cref="MailboxOptions.GraphScope"/>.</param>
    /// <param name="transport">The HTTP transport; null for Azure.Core's default. Tests pass one that trusts a loopback fake's certificate.</param>
    public GraphMailClient(MailboxOptions options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        _baseUrl = options.GraphBaseUrl.AbsoluteUri.TrimEnd('/');
        _mailbox = Uri.EscapeDataString(options.Mailbox!.Trim());
        _pageSize = options.PageSize;

        var clientOptions = new GraphClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, MailboxOptions.GraphScope));
    }

    /// <summary>
    /// The first request of a full synchronisation of a folder: <c>GET /users/{id}/mailFolders/{folder}/messages/delta</c>
    /// (https://learn.microsoft.com/graph/api/message-delta). Query options go on this first request only; Graph
    /// encodes them into the next and delta links it returns.
    /// </summary>
    public Uri InitialDeltaLink(string folder)
        => new($"{_baseUrl}/users/{_mailbox}/mailFolders/{Uri.EscapeDataString(folder.Trim())}/messages/delta?$select={DeltaSelect}");

    /// <summary>
    /// One delta page. A link must point at the configured Graph host: the bearer token is never sent anywhere else.
    /// </summary>
    /// <exception cref="DeltaTokenExpiredException">The token in <paramref name="link"/> has expired; start again from <see cref="InitialDeltaLink"/>.</exception>
    public async Task<DeltaPage> GetDeltaPageAsync(Uri link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.AbsoluteUri.StartsWith(_baseUrl + "/", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The delta link {link.GetLeftPart(UriPartial.Path)} is not under the configured Graph address {_baseUrl}; it is not followed.");
        }

        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(link);
        message.Request.Headers.SetValue("Accept", "application/json");

        // Page size is a preference (https://learn.microsoft.com/graph/api/message-delta, "Prefer: odata.maxpagesize={x}").
        message.Request.Headers.SetValue("Prefer", $"odata.maxpagesize={_pageSize}");
        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.Status == 200)
        {
            return ParseDeltaPage(response.Content);
        }

        // An Outlook delta token the service no longer holds is answered 410 Gone; the documented remedy is a full
        // synchronisation (https://learn.microsoft.com/graph/delta-query-overview). Some workloads answer a
        // syncStateNotFound / resyncRequired error code instead, which means the same.
        var code = ErrorCode(response);
        if (response.Status == 410 || code is "syncStateNotFound" or "SyncStateNotFound" or "resyncRequired" or "syncStateInvalid")
        {
            throw new DeltaTokenExpiredException($"Graph answered {response.Status} {code} to the stored delta link: the delta token has expired.");
        }

        throw new RequestFailedException(response);
    }

    /// <summary>
    /// The message as MIME (<c>GET /users/{id}/messages/{id}/$value</c>, https://learn.microsoft.com/graph/outlook-get-mime-message);
    /// null when the message no longer exists (404). The caller disposes the result, which holds the response open.
    /// </summary>
    public async Task<MimeDownload?> DownloadMimeAsync(string messageId, CancellationToken cancellationToken)
    {
        var message = _pipeline.CreateMessage();
        try
        {
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(MessageUri(messageId, "/$value"));

            // Streamed: a message with attachments can be tens of megabytes and goes straight on to the blob.
            message.BufferResponse = false;
            await _pipeline.SendAsync(message, cancellationToken);
            if (message.Response.Status == 200 && message.Response.ContentStream is { } stream)
            {
                var download = new MimeDownload(message, stream);
                message = null;
                return download;
            }

            if (message.Response.Status == 404)
            {
                return null;
            }

            throw new RequestFailedException(message.Response);
        }
        finally
        {
            message?.Dispose();
        }
    }

    /// <summary>
    /// Sets the message's categories (<c>PATCH /users/{id}/messages/{id}</c> with <c>categories</c>, https://learn.microsoft.com/graph/api/message-update).
    /// The property is replaced as a whole, so <paramref name="categories"/> must include those the message already has.
    /// </summary>
    /// <returns>False when the message no longer exists.</returns>
    public async Task<bool> SetCategoriesAsync(string messageId, IReadOnlyList<string> categories, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["categories"] = new JsonArray([.. categories.Select(c => JsonValue.Create(c))]) };
        return await SendJsonAsync(RequestMethod.Patch, MessageUri(messageId, string.Empty), body, cancellationToken);
    }

    /// <summary>
    /// Moves the message (<c>POST /users/{id}/messages/{id}/move</c> with <c>destinationId</c>, a folder id or a well-known
    /// folder name; https://learn.microsoft.com/graph/api/message-move). Graph gives the moved message a new id.
    /// </summary>
    /// <returns>False when the message no longer exists (already moved or deleted).</returns>
    public async Task<bool> MoveAsync(string messageId, string destinationFolder, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["destinationId"] = destinationFolder.Trim() };
        return await SendJsonAsync(RequestMethod.Post, MessageUri(messageId, "/move"), body, cancellationToken);
    }

    private async Task<bool> SendJsonAsync(RequestMethod method, Uri uri, JsonObject body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response.Status switch
        {
            >= 200 and < 300 => true,
            404 => false,
            _ => throw new RequestFailedException(message.Response),
        };
    }

    private Uri MessageUri(string messageId, string suffix)
        => new($"{_baseUrl}/users/{_mailbox}/messages/{Uri.EscapeDataString(messageId)}{suffix}");

    /// <summary>
    /// Reads a delta page: <c>value</c> holds messages, or entries with <c>@removed</c> for messages that left the folder
    /// (https://learn.microsoft.com/graph/delta-query-overview); a page has <c>@odata.nextLink</c> or <c>@odata.deltaLink</c>, never both.
    /// </summary>
    internal static DeltaPage ParseDeltaPage(BinaryData content)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(content.ToMemory().Span);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Graph's delta page is not JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject page || page["value"] is not JsonArray value)
        {
            throw new InvalidDataException("Graph's delta page has no 'value' array.");
        }

        var messages = new List<DeltaMessage>(value.Count);
        foreach (var item in value.OfType<JsonObject>())
        {
            var id = item["id"]?.GetValue<string>() ?? throw new InvalidDataException("A message in Graph's delta page has no id.");
            var categories = item["categories"] is JsonArray list ? list.Select(c => c?.GetValue<string>()).OfType<string>().ToList() : [];
            DateTimeOffset? received = item["receivedDateTime"]?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : null;
            messages.Add(new DeltaMessage(id, NullIfEmpty(item["internetMessageId"]?.GetValue<string>()), categories, received, item.ContainsKey("@removed")));
        }

        var next = page["@odata.nextLink"]?.GetValue<string>();
        var delta = page["@odata.deltaLink"]?.GetValue<string>();
        if ((next is null) == (delta is null))
        {
            throw new InvalidDataException("Graph's delta page must have exactly one of @odata.nextLink and @odata.deltaLink.");
        }

        return new DeltaPage(messages, next is null ? null : new Uri(next), delta is null ? null : new Uri(delta));
    }

    private static string? ErrorCode(Response response)
    {
        try
        {
            return JsonNode.Parse(response.Content.ToMemory().Span)?["error"]?["code"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed class GraphClientOptions : ClientOptions;
}

/// <summary>A message's MIME bytes as they arrive; disposing it closes the response.</summary>
public sealed class MimeDownload(HttpMessage message, Stream content) : IDisposable
{
    public Stream Content { get; } = content;

    public void Dispose()
    {
        Content.Dispose();
        message.Dispose();
    }
}
