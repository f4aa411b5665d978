using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace VerifyTrack.Tests.Webhooks;

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A real HTTP/1.1 receiver on loopback, as an integrator would run one: records every request, answers what the test
/// says (a status, a body, a delay), can be stopped and started again on the same port. Written on a bare socket rather
/// than a second ASP.NET host, which the app's test host could mistake for its own while starting in parallel.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/verifytrack";

    /// <summary>The answer to each request; 200 "ok" unless a test says otherwise.</summary>
    public Func<ReceivedRequest, (int Status, string Body)> Respond { get; set; } = _ => (200, "ok");

    /// <summary>How long to wait before answering (after recording the request), to outlast the sender's timeout.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    /// <summary>The requests a receiver acts on: one per delivery id (<c>X-VerifyTrack-Delivery</c>), whatever was retried.</summary>
    public IReadOnlyList<ReceivedRequest> Unique => Requests.Where(r => r.Header("X-VerifyTrack-Delivery") is { Length: > 0 }).GroupBy(r => r.Header("X-VerifyTrack-Delivery")).Select(g => g.First()).ToList();

    public WebhookReceiver Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stopping = new CancellationTokenSource();
        _loop = AcceptAsync(_listener, _stopping.Token);
        return this;
    }

    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping!.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop!;
        }
        catch (OperationCanceledException)
        {
        }

        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Whether the body is signed with <paramref name="secret"/>, checked the way the README tells a receiver to.</summary>
    public static bool IsSigned(ReceivedRequest request, string secret)
    {
        var signed = Encoding.UTF8.GetBytes($"{request.Header("X-VerifyTrack-Timestamp")}.{request.Body}");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Header("X-VerifyTrack-Signature")));
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        var connections = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            connections.Add(ServeAsync(client, stopping));
        }

        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            var request = await ReadRequestAsync(stream, stopping);
            if (request is null)
            {
                return;
            }

            _requests.Enqueue(request);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, stopping);
            }

            var (status, body) = Respond(request);
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stopping);
            await stream.WriteAsync(bytes, stopping);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
    }

    private static async Task<ReceivedRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var lines = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            body.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        return new ReceivedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOfBlankLine(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
