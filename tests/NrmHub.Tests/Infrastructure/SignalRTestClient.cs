using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace NrmHub.Tests.Infrastructure;

/// <summary>A message the server sent: an invocation (type 1) of a client method such as "Notify".</summary>
public sealed record HubInvocation(string Target, IReadOnlyList<JsonElement> Arguments, string RawFrame);

/// <summary>The server's answer to one of our invocations (type 3): a result or an error, never both.</summary>
public sealed record HubCompletion(JsonElement? Result, string? Error);

/// <summary>
/// Speaks the SignalR JSON hub protocol over a WebSocket to the TestServer, because the .NET SignalR client is not
/// obtainable here (see PLATFORM.md). Connects the way @microsoft/signalr does with skipNegotiation: one WebSocket,
/// the handshake, then records separated by 0x1E. Authentication is the user's cookie, as in a browser.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket socket;
    private readonly Channel<HubInvocation> invocations = Channel.CreateUnbounded<HubInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<HubCompletion>> pending = new();
    private readonly TaskCompletionSource<string?> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly StringBuilder partial = new();
    private Task reader = Task.CompletedTask;
    private int nextInvocationId;

    private SignalRTestClient(WebSocket socket) => this.socket = socket;

    /// <summary>Invocations of client methods, in arrival order.</summary>
    public ChannelReader<HubInvocation> Invocations => invocations.Reader;

    /// <summary>Completes with the server's close error (null for a clean close) when the connection ends.</summary>
    public Task<string?> Closed => closed.Task;

    /// <summary>Signs in through the real form and returns the Cookie header a browser would send afterwards.</summary>
    public static async Task<string> SignInCookieAsync(NrmAppFactory app, string email, string password)
    {
        var cookies = new CookieContainerHandler();
        using var client = app.CreateDefaultClient(cookies);
        var response = await NrmAppFactory.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies.Container.GetCookieHeader(client.BaseAddress!);
    }

    /// <summary>Opens the WebSocket (throws if the server refuses the upgrade, e.g. 401) and completes the handshake.</summary>
    public static async Task<SignalRTestClient> ConnectAsync(NrmAppFactory app, string? cookie, string hubPath = "/hubs/notifications")
    {
        var ws = app.Server.CreateWebSocketClient();
        if (cookie is not null)
        {
            ws.ConfigureRequest = request => request.Headers.Cookie = cookie;
        }

        var uri = new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = hubPath }.Uri;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        var socket = await ws.ConnectAsync(uri, timeout.Token);
        var client = new SignalRTestClient(socket);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        var handshake = await client.ReceiveRecordsAsync(timeout.Token) ?? throw new InvalidOperationException("The server closed the connection during the handshake.");
        var answer = Assert.Single(handshake);
        using (var doc = JsonDocument.Parse(answer))
        {
            Assert.False(doc.RootElement.TryGetProperty("error", out var error), $"Handshake refused: {error}");
        }

        client.reader = Task.Run(client.ReadLoopAsync);
        return client;
    }

    /// <summary>Sends text as it is; callers add the record separator. For malformed-input tests.</summary>
    public async Task SendRawAsync(string text)
    {
        await sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>Invokes a hub method with an invocation id and waits for its completion.</summary>
    public Task<HubCompletion> InvokeAsync(string target, params object?[] arguments) =>
        InvokeRawAsync(id => JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));

    /// <summary>Sends an invocation built by <paramref name="frame"/> from the invocation id, and waits for its completion.</summary>
    public async Task<HubCompletion> InvokeRawAsync(Func<string, string> frame)
    {
        var id = Interlocked.Increment(ref nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<HubCompletion>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        await SendRawAsync(frame(id) + RecordSeparator);
        return await completion.Task.WaitAsync(DefaultTimeout);
    }

    /// <summary>The next invocation of <paramref name="target"/>, or null if none arrives in time.</summary>
    public async Task<HubInvocation?> NextAsync(string target, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                var invocation = await invocations.Reader.ReadAsync(timeout.Token);
                if (invocation.Target == target)
                {
                    return invocation;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Everything received so far, without waiting.</summary>
    public List<HubInvocation> Drain()
    {
        var all = new List<HubInvocation>();
        while (invocations.Reader.TryRead(out var invocation))
        {
            all.Add(invocation);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone; nothing to close.
            }
        }

        try
        {
            await reader.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
        {
            // The reader ends with the socket either way.
        }

        socket.Dispose();
        stop.Dispose();
        sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        string? error = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var records = await ReceiveRecordsAsync(stop.Token);
                if (records is null)
                {
                    break;
                }

                foreach (var record in records)
                {
                    if (Dispatch(record) is { } closeError)
                    {
                        error = closeError;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closed by us or by the server.
        }
        finally
        {
            invocations.Writer.TryComplete();
            foreach (var (_, waiting) in pending)
            {
                waiting.TrySetException(new InvalidOperationException($"Connection closed: {error}"));
            }

            closed.TrySetResult(error);
        }
    }

    /// <returns>The close error, when the record is a close message (type 7).</returns>
    private string? Dispatch(string record)
    {
        using var doc = JsonDocument.Parse(record);
        var root = doc.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var arguments = root.GetProperty("arguments").EnumerateArray().Select(a => a.Clone()).ToList();
                invocations.Writer.TryWrite(new HubInvocation(root.GetProperty("target").GetString()!, arguments, record));
                return null;
            case 3:
                var id = root.GetProperty("invocationId").GetString()!;
                if (pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetResult(new HubCompletion(
                        root.TryGetProperty("result", out var result) ? result.Clone() : null,
                        root.TryGetProperty("error", out var error) ? error.GetString() : null));
                }

                return null;
            case 7:
                return root.TryGetProperty("error", out var closeError) ? closeError.GetString() : "closed";
            default:
                return null; // 6 = ping
        }
    }

    /// <summary>Reads one WebSocket message and returns the complete records in it; null when the socket closed.</summary>
    private async Task<List<string>?> ReceiveRecordsAsync(CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        partial.Append(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
        var text = partial.ToString();
        var last = text.LastIndexOf(RecordSeparator);
        partial.Clear();
        if (last < 0)
        {
            partial.Append(text);
            return [];
        }

        partial.Append(text.AsSpan(last + 1));
        return text[..last].Split(RecordSeparator).ToList();
    }
}
