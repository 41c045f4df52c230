using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Hubs;

/// <summary>
/// A hub connection is authenticated once, when it opens, and may then stay open for days. This keeps the open ones
/// and, every <see cref="CheckInterval"/>, closes those whose session has ended (signed out, disabled, role or
/// organisation changed): no notification reaches a user who no longer has access.
/// </summary>
public sealed class HubSessions(SessionStore sessions, TimeProvider clock, ILogger<HubSessions> log) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, (string? Session, HubCallerContext Connection)> open = new();

    public int Count => open.Count;

    public void Opened(HubCallerContext connection) => open[connection.ConnectionId] = (SessionStore.KeyOf(connection.User), connection);

    public void Closed(HubCallerContext connection) => open.TryRemove(connection.ConnectionId, out _);

    /// <summary>Closes every connection without a live session; returns how many it closed.</summary>
    public async Task<int> CloseEndedAsync(CancellationToken ct = default)
    {
        var snapshot = open.ToArray();
        if (snapshot.Length == 0)
        {
            return 0;
        }

        var live = await sessions.LiveAsync([.. snapshot.Select(c => c.Value.Session).OfType<string>().Distinct()], ct);
        var closed = 0;
        foreach (var (id, (session, connection)) in snapshot)
        {
            if (session is null || !live.Contains(session))
            {
                open.TryRemove(id, out _);
                connection.Abort();
                closed++;
            }
        }

        if (closed > 0)
        {
            log.LogInformation("Closed {Count} hub connections whose session had ended", closed);
        }

        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CloseEndedAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Checking hub connections against their sessions failed; trying again in {Interval}", CheckInterval);
            }
        }
    }
}
