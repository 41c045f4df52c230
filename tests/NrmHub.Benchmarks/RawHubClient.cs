using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NrmHub.Benchmarks;

/// <summary>
/// A hub client for the load scenario that speaks SignalR's JSON protocol on a bare <see cref="ClientWebSocket"/>:
/// the handshake, keep-alive pings, and the server's invocations, records and close message, nothing else (no
/// reconnect, no invocations from the client). Why by hand: on the 2-core machine the official .NET client took 0.7 of
/// a core to read the 50,000 frames a second of the 1,000-client run (0.54 of it in user code: pipes, protocol
/// objects, handler dispatch), CPU taken from the server it measures. Each frame here is one receive and one
/// <see cref="Utf8JsonReader"/> pass. The official client stays in the tests (HubTestClient) and as `--client-impl dotnet`.
/// </summary>
internal static class RawHubClient
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    // The server closes a connection it has heard nothing from for 30 s (SignalR's ClientTimeoutInterval); the
    // official clients ping every 15 s.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    public static async Task<(HubClients.Client Client, string? Error)> ConnectAsync(HubClients.Client client, string baseUrl, HubClients.Run run)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", client.Cookie);
        var uri = new Uri(baseUrl.Replace("http://", "ws://").Replace("https://", "wss://") + "/hubs/notifications");
        var records = new Records();
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, true, CancellationToken.None);
            // The handshake answer is the first record: "{}" or {"error": "..."}.
            (int Start, int Length) answer;
            while (!records.TryTake(out answer))
            {
                if (!records.Received(await socket.ReceiveAsync(records.Free(), CancellationToken.None)))
                {
                    throw new WebSocketException("closed during the handshake");
                }
            }

            var text = Encoding.UTF8.GetString(records.Buffer, answer.Start, answer.Length);
            if (text != "{}")
            {
                throw new WebSocketException("handshake refused: " + text);
            }
        }
        catch (Exception e)
        {
            socket.Dispose();
            return (client, e.Message);
        }

        var stopping = new CancellationTokenSource();
        var receiving = Task.Run(() => ReceiveAsync(socket, client, run, records, stopping.Token));
        var pinging = Task.Run(() => PingAsync(socket, stopping.Token));
        client.StopAsync = async () =>
        {
            await stopping.CancelAsync();
            socket.Abort();
            await Task.WhenAll(receiving, pinging);
            socket.Dispose();
        };
        return (client, null);
    }

    private static async Task PingAsync(ClientWebSocket socket, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await socket.SendAsync(Ping, WebSocketMessageType.Text, true, stop);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested || socket.State != WebSocketState.Open)
        {
            // Stopped, or the receive side saw the connection end and says so.
        }
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, HubClients.Client client, HubClients.Run run, Records records, CancellationToken stop)
    {
        string? error = null;
        try
        {
            while (true)
            {
                while (records.TryTake(out var record))
                {
                    if (!OnRecord(records.Buffer.AsSpan(record.Start, record.Length), client, run, Stopwatch.GetTimestamp(), out error))
                    {
                        return;
                    }
                }

                if (!records.Received(await socket.ReceiveAsync(records.Free(), stop)))
                {
                    error = "closed by the server: " + socket.CloseStatusDescription;
                    return;
                }
            }
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            error = e.Message;
        }
        catch (Exception)
        {
            return; // stopped
        }
        finally
        {
            if (!stop.IsCancellationRequested)
            {
                run.Closed(client, error);
            }
        }
    }

    /// <summary>False when the record is the server's close message (type 7).</summary>
    private static bool OnRecord(ReadOnlySpan<byte> record, HubClients.Client client, HubClients.Run run, long at, out string? error)
    {
        error = null;
        var reader = new Utf8JsonReader(record);
        reader.Read();
        int type = 0;
        var notifyMany = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                notifyMany = reader.ValueTextEquals("NotifyMany"u8);
            }
            else if (reader.ValueTextEquals("arguments"u8) && type == 1 && notifyMany)
            {
                reader.Read(); // the arguments
                reader.Read(); // the one argument: the user's notifications
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadNotification(ref reader, client, run, at);
                }

                reader.Read();
            }
            else if (reader.ValueTextEquals("error"u8) && type == 7)
            {
                reader.Read();
                error = "closed by the server: " + reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return type != 7;
    }

    private static void ReadNotification(ref Utf8JsonReader reader, HubClients.Client client, HubClients.Run run, long at)
    {
        var received = false;
        int? referralId = null;
        var atUtc = default(DateTime);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                received = reader.ValueTextEquals("referral.received"u8);
            }
            else if (reader.ValueTextEquals("referralId"u8))
            {
                reader.Read();
                referralId = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("atUtc"u8))
            {
                reader.Read();
                // "Z" or no offset at all: the server writes UTC either way.
                var time = reader.GetDateTime();
                atUtc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        run.Received(client, received ? referralId : null, atUtc, at);
    }

    /// <summary>
    /// The bytes a connection has received and not yet handed on, cut into records at the separator only: a record may
    /// span WebSocket messages and a message may hold several.
    /// </summary>
    private sealed class Records
    {
        private int start;
        private int filled;

        public byte[] Buffer { get; private set; } = new byte[4096];

        /// <summary>The next whole record's place in <see cref="Buffer"/>, valid until the next receive.</summary>
        public bool TryTake(out (int Start, int Length) record)
        {
            var end = Array.IndexOf(Buffer, RecordSeparator, start, filled - start);
            record = end < 0 ? default : (start, end - start);
            if (end >= 0)
            {
                start = end + 1;
            }

            return end >= 0;
        }

        /// <summary>
        /// Room for the next receive, after what is left of a record (moved to the front). Synchronous, so that the
        /// hot loop awaits the socket alone.
        /// </summary>
        public Memory<byte> Free()
        {
            filled -= start;
            System.Buffer.BlockCopy(Buffer, start, Buffer, 0, filled);
            start = 0;
            if (filled == Buffer.Length)
            {
                var larger = new byte[Buffer.Length * 2];
                System.Buffer.BlockCopy(Buffer, 0, larger, 0, filled);
                Buffer = larger;
            }

            return Buffer.AsMemory(filled);
        }

        /// <summary>Takes in what a receive into <see cref="Free"/> brought; false when the server closed.</summary>
        public bool Received(ValueWebSocketReceiveResult result)
        {
            filled += result.Count;
            return result.MessageType != WebSocketMessageType.Close;
        }
    }
}
