using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace NrmHub.Tests.Infrastructure;

/// <summary>
/// A user's connection to a hub of the TestServer through the .NET SignalR client (Microsoft.AspNetCore.SignalR.Client):
/// negotiate, then a WebSocket, authenticated by the user's sign-in cookie as in a browser. Every "NotifyMany" the
/// server sends is kept, with its JSON as it arrived, for the test to read in order: as the messages it carried
/// (<see cref="NextNotifyAsync"/>) and as the batch itself (<see cref="NextBatchAsync"/>).
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<JsonElement> notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> batches = Channel.CreateUnbounded<JsonElement>();

    private HubTestClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("NotifyMany", batch =>
        {
            batches.Writer.TryWrite(batch.Clone());
            foreach (var message in batch.EnumerateArray())
            {
                notifications.Writer.TryWrite(message.Clone());
            }
        });
    }

    public HubConnection Connection { get; }

    /// <summary>Signs in through the real form and returns the Cookie header a browser would send afterwards.</summary>
    public static async Task<string> SignInCookieAsync(NrmAppFactory app, string email, string password)
    {
        var cookies = new CookieContainerHandler();
        using var client = app.CreateDefaultClient(cookies);
        var response = await NrmAppFactory.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies.Container.GetCookieHeader(client.BaseAddress!);
    }

    /// <summary>Connects (throws if the server refuses, e.g. 401 on negotiate) and returns the started connection.</summary>
    public static async Task<HubTestClient> ConnectAsync(NrmAppFactory app, string? cookie, string hubPath = "/hubs/notifications")
    {
        var server = app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, hubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                if (cookie is not null)
                {
                    o.Headers["Cookie"] = cookie;
                }

                // The TestServer has no socket to connect to: its in-memory WebSocket client stands in for one.
                o.WebSocketFactory = async (context, ct) =>
                {
                    var ws = server.CreateWebSocketClient();
                    if (cookie is not null)
                    {
                        ws.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    }

                    return await ws.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        var client = new HubTestClient(connection);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await connection.StartAsync(timeout.Token);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary>The next notification, or null if none arrives in time.</summary>
    public Task<JsonElement?> NextNotifyAsync(TimeSpan within) => NextAsync(notifications, within);

    /// <summary>The next "NotifyMany" as it came (a JSON array), or null if none arrives in time.</summary>
    public Task<JsonElement?> NextBatchAsync(TimeSpan within) => NextAsync(batches, within);

    private static async Task<JsonElement?> NextAsync(Channel<JsonElement> channel, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
