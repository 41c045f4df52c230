using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using NrmHub.Core.Notifications;

namespace NrmHub.Benchmarks;

/// <summary>
/// `hubclients`: the hub clients of tests/NrmHub.LoadTests/load.mjs (`--client-impl raw` or `dotnet`), one process
/// holding them all, each a <see cref="RawHubClient"/> or the official .NET SignalR client. Why it exists: on the
/// 2-core machine the Node clients took 0.9 of a core to read 50,000 frames a second and noted each receipt only
/// when their event loop got to it, so the hub scenario measured the client's queue as much as the server
/// (docs/performance.md compares the three).
/// It speaks load.mjs' worker protocol as JSON lines: the first stdin line is the settings
/// ({ base, clients: [{ index, cookie }], connectConcurrency, raw }); then phase / clock / count / collect / stop.
/// Receipt times are Stopwatch milliseconds (CLOCK_MONOTONIC on Linux, as Node's process.hrtime); the Node side
/// moves them onto its own clock. `collect` writes the receipts to a binary file, not stdout: 4.5 million numbers.
/// </summary>
internal static class HubClients
{
    private static readonly object OutputLock = new();
    private static readonly double MsPerTick = 1000.0 / Stopwatch.Frequency;

    public static async Task<int> RunAsync()
    {
        var settings = JsonNode.Parse(Console.In.ReadLine() ?? throw new InvalidOperationException("no settings line on stdin"))!;
        var baseUrl = settings["base"]!.GetValue<string>();
        var concurrency = Math.Max(1, settings["connectConcurrency"]?.GetValue<int>() ?? 50);
        var raw = settings["raw"]?.GetValue<bool>() ?? false;
        var specs = settings["clients"]!.AsArray()
            .Select(c => new Client(c!["index"]!.GetValue<int>(), c["cookie"]!.GetValue<string>()))
            .ToList();
        var run = new Run();

        var errors = new Dictionary<string, int>();
        var connected = new List<int>();
        foreach (var chunk in specs.Chunk(concurrency))
        {
            foreach (var (client, error) in await Task.WhenAll(chunk.Select(c => raw ? RawHubClient.ConnectAsync(c, baseUrl, run) : ConnectAsync(c, baseUrl, run))))
            {
                if (error is null)
                {
                    connected.Add(client.Index);
                    run.Clients.Add(client);
                }
                else
                {
                    var key = error.Length > 120 ? error[..120] : error;
                    errors[key] = errors.GetValueOrDefault(key) + 1;
                }
            }
        }

        Reply(new
        {
            type = "connected",
            indexes = connected,
            failures = specs.Count - connected.Count,
            errors,
        });

        // Console.In reads synchronously even when asked to read asynchronously; on the pool, so that a blocked read
        // never holds a thread a socket's completion may run on (with inline completions, half the sockets starved).
        while (await Task.Run(Console.In.ReadLine) is { } line)
        {
            var message = JsonNode.Parse(line)!;
            switch (message["type"]!.GetValue<string>())
            {
                case "phase":
                    run.Phase = message["phase"]!.GetValue<string>();
                    break;
                case "clock":
                    // The Node side brackets this reading with its own monotonic clock to check both read the same one.
                    Reply(new { type = "clock", clockMs = Stopwatch.GetTimestamp() * MsPerTick });
                    break;
                case "count":
                    Reply(new { type = "count", count = run.Clients.Sum(c => Volatile.Read(ref c.Count)) });
                    break;
                case "collect":
                    var path = message["path"]!.GetValue<string>();
                    WriteReceipts(run, path);
                    Reply(new { type = "receipts", path, other = run.Clients.Sum(c => c.Other), disconnects = run.Disconnects, drops = run.Drops.ToArray() });
                    break;
                case "stop":
                    run.Phase = "done";
                    await Task.WhenAll(run.Clients.Select(c => c.StopAsync!()));
                    Reply(new { type = "stopped" });
                    return 0;
            }
        }

        return 0;
    }

    private static async Task<(Client Client, string? Error)> ConnectAsync(Client client, string baseUrl, Run run)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/notifications", options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = client.Cookie;
            })
            .Build();
        // One message carries all a delivery pass found for the user.
        hub.On<NotificationMessage[]>("NotifyMany", messages =>
        {
            var at = Stopwatch.GetTimestamp();
            foreach (var m in messages)
            {
                run.Received(client, m.Type == "referral.received" ? m.ReferralId : null, m.AtUtc, at);
            }
        });
        hub.Closed += error =>
        {
            run.Closed(client, error?.Message);
            return Task.CompletedTask;
        };
        try
        {
            await hub.StartAsync();
            client.StopAsync = () => hub.StopAsync();
            return (client, null);
        }
        catch (Exception e)
        {
            await hub.DisposeAsync();
            return (client, e.Message);
        }
    }

    /// <summary>
    /// Per referral: int32 id, float64 server time (Unix ms), int32 n, then n float64 receipt times (Stopwatch ms)
    /// and n int32 client indexes; little-endian, preceded by the int32 number of referrals.
    /// </summary>
    private static void WriteReceipts(Run run, string path)
    {
        var byReferral = new Dictionary<int, List<(double At, int Client)>>();
        foreach (var client in run.Clients)
        {
            (int Id, long At)[] receipts;
            lock (client.Receipts)
            {
                receipts = [.. client.Receipts];
            }

            foreach (var (id, at) in receipts)
            {
                if (!byReferral.TryGetValue(id, out var list))
                {
                    byReferral[id] = list = [];
                }

                list.Add((at * MsPerTick, client.Index));
            }
        }

        using var file = new BinaryWriter(File.Create(path));
        file.Write(byReferral.Count);
        foreach (var (id, list) in byReferral)
        {
            file.Write(id);
            file.Write(run.ServerTimes.GetValueOrDefault(id, double.NaN));
            file.Write(list.Count);
            foreach (var (at, _) in list)
            {
                file.Write(at);
            }

            foreach (var (_, client) in list)
            {
                file.Write(client);
            }
        }
    }

    private static void Reply(object message)
    {
        var line = JsonSerializer.Serialize(message);
        lock (OutputLock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    internal sealed class Run
    {
        public volatile string Phase = "connect";
        public int Disconnects;
        public readonly ConcurrentBag<object> Drops = [];
        public readonly ConcurrentDictionary<int, double> ServerTimes = new();
        public readonly List<Client> Clients = [];

        /// <summary>
        /// One notification a client got at Stopwatch time <paramref name="at"/>; <paramref name="referralId"/> is null
        /// for any other kind. A connection delivers its messages one at a time, so the lock is never contended; it
        /// is there for the collect that reads the list from another thread.
        /// </summary>
        public void Received(Client client, int? referralId, DateTime atUtc, long at)
        {
            if (referralId is not int id)
            {
                client.Other++;
                return;
            }

            if (!ServerTimes.ContainsKey(id))
            {
                ServerTimes.TryAdd(id, (atUtc - DateTime.UnixEpoch).TotalMilliseconds);
            }

            lock (client.Receipts)
            {
                client.Receipts.Add((id, at));
            }

            Volatile.Write(ref client.Count, client.Count + 1);
        }

        public void Closed(Client client, string? error)
        {
            Interlocked.Increment(ref Disconnects);
            if (Phase != "done")
            {
                Drops.Add(new { client = client.Index, phase = Phase, error = error ?? "closed" });
            }
        }
    }

    internal sealed class Client(int index, string cookie)
    {
        public int Index { get; } = index;
        public string Cookie { get; } = cookie;
        public Func<Task>? StopAsync { get; set; }
        public int Count;
        public int Other;
        public readonly List<(int Id, long At)> Receipts = [];
    }
}
