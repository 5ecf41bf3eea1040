using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>One HTTP request seen by a <see cref="StorageTap"/>: its method and path with query.</summary>
public sealed record TappedRequest(string Method, string Target)
{
    public string Path => Target.Split('?', 2)[0];

    public override string ToString() => $"{Method} {Target}";
}

/// <summary>What a tap does with a request once its decision is made.</summary>
public enum TapVerdict
{
    /// <summary>Pass it on to storage.</summary>
    Forward,

    /// <summary>Close the connection without passing it on, as a crash or a network failure would.</summary>
    Drop,
}

/// <summary>
/// A loopback TCP proxy between a host process and Azurite that reads each HTTP/1.1 request as it passes, so a
/// test can stop a host at an exact point of its work (for example just before it deletes a queue message it has
/// finished) without any hook in the product: the request is held until the test has killed the host, then dropped.
/// Answers pass back untouched. One tap fronts one Azurite port (blob or queue).
/// </summary>
public sealed class StorageTap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private readonly List<TappedRequest> _seen = [];
    private readonly Task _accepting;

    private StorageTap(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Decides each request; the default passes everything. It may wait (hold the request) before answering.</summary>
    public Func<TappedRequest, Task<TapVerdict>> OnRequest { get; set; } = _ => Task.FromResult(TapVerdict.Forward);

    /// <summary>Every request seen so far, in order.</summary>
    public IReadOnlyList<TappedRequest> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public static StorageTap Start(int upstreamPort) => new(upstreamPort);

    /// <summary>
    /// Arranges that the first request matching <paramref name="match"/> is held; the returned task completes when it
    /// arrives. Release the hold with the returned <see cref="TaskCompletionSource{TResult}"/> (normally after killing the host).
    /// </summary>
    public (Task<TappedRequest> Caught, TaskCompletionSource<TapVerdict> Release) HoldFirst(Func<TappedRequest, bool> match)
    {
        var caught = new TaskCompletionSource<TappedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<TapVerdict>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnRequest = request =>
        {
            if (match(request) && caught.TrySetResult(request))
            {
                return release.Task;
            }

            return Task.FromResult(TapVerdict.Forward);
        };
        return (caught.Task, release);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stopping.Token);
            var fromClient = client.GetStream();
            var toStorage = upstream.GetStream();
            var answers = toStorage.CopyToAsync(fromClient, _stopping.Token);
            var requests = RelayRequestsAsync(fromClient, toStorage);
            await Task.WhenAny(answers, requests);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away (a killed host, a stopped Azurite): the connection simply ends.
        }
        finally
        {
            client.Dispose();
            lock (_connections)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }
        }
    }

    /// <summary>Reads one request at a time (headers, then a Content-Length body), asks the test, and forwards or drops it.</summary>
    private async Task RelayRequestsAsync(Stream client, Stream storage)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var headerEnd = IndexOfHeaderEnd(buffer);
            while (headerEnd < 0)
            {
                var read = await client.ReadAsync(chunk, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
                headerEnd = IndexOfHeaderEnd(buffer);
            }

            var bytes = buffer.GetBuffer();
            var head = Encoding.ASCII.GetString(bytes, 0, headerEnd);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var length = ContentLength(lines);
            var total = headerEnd + 4 + length;
            while (buffer.Length < total)
            {
                var read = await client.ReadAsync(chunk, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            var request = new TappedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty);
            lock (_seen)
            {
                _seen.Add(request);
            }

            if (await OnRequest(request) == TapVerdict.Drop)
            {
                return;
            }

            await storage.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)total), _stopping.Token);
            var rest = buffer.GetBuffer().AsSpan((int)total, (int)(buffer.Length - total)).ToArray();
            buffer.SetLength(0);
            buffer.Write(rest);
        }
    }

    private static long ContentLength(string[] headerLines)
    {
        foreach (var line in headerLines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new NotSupportedException("The storage tap reads Content-Length bodies only; the Azure SDK sends no chunked requests to storage.");
            }
        }

        return 0;
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer)
        => buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}
