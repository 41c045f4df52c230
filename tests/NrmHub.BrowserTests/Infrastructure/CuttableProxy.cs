using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NrmHub.BrowserTests.Infrastructure;

/// <summary>
/// A TCP relay between the browser and the app that a test can cut, as a train tunnel or a dropped Wi-Fi cuts a real
/// link: every open connection (the circuit's WebSocket among them) is reset, and new ones are refused until
/// <see cref="Restore"/>. Chromium's own offline switch does not close WebSockets that are already open, so it
/// cannot show what a user loses when the link goes.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int upstreamPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> open = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private volatile bool cut;

    public CuttableProxy(string upstreamBaseUrl)
    {
        upstreamPort = new Uri(upstreamBaseUrl).Port;
        listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        accepting = AcceptAsync();
    }

    public string BaseUrl { get; }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Cut()
    {
        cut = true;
        foreach (var (client, upstream) in open.ToArray())
        {
            Reset(client);
            Reset(upstream);
            open.TryRemove(client, out _);
        }
    }

    public void Restore() => cut = false;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        Cut();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            if (cut)
            {
                Reset(client);
                continue;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, stop.Token);
            }
            catch (SocketException)
            {
                Reset(client);
                upstream.Dispose();
                continue;
            }

            open[client] = upstream;
            _ = RelayAsync(client, upstream);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient upstream)
    {
        try
        {
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            open.TryRemove(client, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    // Linger 0 makes Close send RST: the browser learns at once that the link is gone, as with a dead network.
    private static void Reset(TcpClient connection)
    {
        if (connection.Client is null)
        {
            return;
        }

        try
        {
            connection.LingerState = new LingerOption(true, 0);
            connection.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
