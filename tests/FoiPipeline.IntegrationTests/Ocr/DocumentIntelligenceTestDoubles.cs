using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.IntegrationTests.Ocr;

/// <summary>Keeps every formatted log message (with its exception's message), so tests can look for what must never be logged.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}

/// <summary>An Entra ID credential that hands out one fixed token and remembers the scopes it was asked for.</summary>
internal sealed class StaticTokenCredential : TokenCredential
{
    private readonly string _token;
    private readonly List<string> _scopes = [];

    public StaticTokenCredential(string token)
    {
        _token = token;
    }

    public IReadOnlyList<string> RequestedScopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>
/// Delivers requests addressed to an https name to the fake on loopback http, after every pipeline policy has
/// run: the bearer policy sees https (it refuses to send a token over http) and the fake still gets the header.
/// </summary>
internal sealed class LoopbackTransport : HttpPipelineTransport, IDisposable
{
    private readonly Uri _target;
    private readonly HttpClientTransport _inner = new();

    public LoopbackTransport(Uri target)
    {
        _target = target;
    }

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message)
    {
        Redirect(message);
        _inner.Process(message);
    }

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        Redirect(message);
        return _inner.ProcessAsync(message);
    }

    public void Dispose() => _inner.Dispose();

    private void Redirect(HttpMessage message)
    {
        message.Request.Uri.Scheme = _target.Scheme;
        message.Request.Uri.Host = _target.Host;
        message.Request.Uri.Port = _target.Port;
    }
}
