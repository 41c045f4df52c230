using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.Notifications;

/// <summary>
/// The live notification hub through the .NET SignalR client over a WebSocket, as an external client would use it
/// with a user's cookie.
/// </summary>
public sealed class NotificationsHubTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, string> cookies = [];

    [Fact]
    public async Task Anonymous_negotiate_and_websocket_are_refused_with_401()
    {
        using var http = world.App.CreateClient();

        var negotiate = await http.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/hubs/notifications/negotiate?negotiateVersion=1");
        forged.Headers.Add("Cookie", ".AspNetCore.Identity.Application=not-a-real-ticket");
        var forgedNegotiate = await http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedNegotiate.StatusCode);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(world.App, cookie: null));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task Signed_in_negotiate_offers_websockets()
    {
        var cookie = await CookieAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        using var http = world.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/notifications/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookie);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("WebSockets", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Referral_reaches_the_receivers_connection_with_ids_only_and_never_another_actors()
    {
        await using var shelter = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        await using var other = await ConnectAsync(TestAccount.OtherShelter.Email, TestAccount.OtherShelter.Password);

        var (id, code) = await world.SendToShelterAsync();

        var notify = await shelter.NextNotifyAsync(Soon);
        Assert.NotNull(notify);
        var message = notify.Value;
        // Ids, a pseudonymous code, a type and a time; the working-group ids are there (null) for board and action messages.
        Assert.Equal(["actionItemId", "atUtc", "caseCode", "groupId", "id", "referralId", "type"], message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(NotificationTypes.ReferralReceived, message.GetProperty("type").GetString());
        Assert.Equal(id, message.GetProperty("referralId").GetInt32());
        Assert.Equal(code, message.GetProperty("caseCode").GetString());
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var stored = await db.Notifications.SingleAsync(n => n.Id == message.GetProperty("id").GetInt64());
            Assert.Equal((world.Shelter.UserId, id), (stored.UserId, stored.ReferralId));
        }

        Assert.DoesNotContain("Quillfeather", message.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("QUILL-REASON-MARKER", message.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await other.NextNotifyAsync(Quiet));

        // The other shelter's connection is alive: a referral to its own actor arrives, and only there.
        var (otherId, _) = await world.SendToShelterAsync(world.GovShelterId);
        var toOther = await other.NextNotifyAsync(Soon);
        Assert.NotNull(toOther);
        Assert.Equal(otherId, toOther.Value.GetProperty("referralId").GetInt32());
        Assert.Null(await shelter.NextNotifyAsync(Quiet));
    }

    [Fact]
    public async Task Each_of_a_users_connections_receives_and_colleagues_receive_too()
    {
        await using var tab1 = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        await using var tab2 = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        await using var colleague = await ConnectAsync(TestAccount.ShelterColleague.Email, TestAccount.ShelterColleague.Password);
        await using var officer = await ConnectAsync(DemoAccount.Officer.Email, DemoAccount.Officer.Password);

        var (id, _) = await world.SendToShelterAsync();

        foreach (var connection in new[] { tab1, tab2, colleague })
        {
            var notify = await connection.NextNotifyAsync(Soon);
            Assert.Equal(id, notify?.GetProperty("referralId").GetInt32());
        }

        // The sending unit gets the live signal for its open lists only: id 0, nothing stored for its bell.
        var listed = await officer.NextNotifyAsync(Soon);
        Assert.Equal((NotificationTypes.ReferralListed, 0L, id),
            (listed?.GetProperty("type").GetString(), listed?.GetProperty("id").GetInt64(), listed?.GetProperty("referralId").GetInt32()));
        Assert.Null(await officer.NextNotifyAsync(Quiet));
        Assert.True((await world.Referrals.AcceptAsync(world.Shelter, id, 1)).Succeeded);
        var accepted = await officer.NextNotifyAsync(Soon);
        Assert.Equal(NotificationTypes.ReferralAccepted, accepted?.GetProperty("type").GetString());
        var toColleague = await colleague.NextNotifyAsync(Soon);
        Assert.Equal(NotificationTypes.ReferralAccepted, toColleague?.GetProperty("type").GetString());
        Assert.Null(await tab1.NextNotifyAsync(Quiet));
    }

    [Fact]
    public async Task Notifications_committed_together_reach_each_connection_as_one_message_in_order_and_a_long_run_in_chunks()
    {
        await using var tab1 = await ConnectAsync(TestAccount.ShelterColleague.Email, TestAccount.ShelterColleague.Password);
        await using var tab2 = await ConnectAsync(TestAccount.ShelterColleague.Email, TestAccount.ShelterColleague.Password);
        await using var other = await ConnectAsync(TestAccount.OtherShelter.Email, TestAccount.OtherShelter.Password);

        var few = await StoreAndWakeAsync(world.ShelterColleague.UserId, 3);

        foreach (var tab in new[] { tab1, tab2 })
        {
            var batch = await tab.NextBatchAsync(Soon);
            Assert.NotNull(batch);
            Assert.Equal(few, batch.Value.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
        }

        var many = await StoreAndWakeAsync(world.ShelterColleague.UserId, 2 * NotificationDispatcher.MaxPerMessage + 1);

        var sizes = new List<int>();
        var ids = new List<long>();
        while (ids.Count < many.Count && await tab1.NextBatchAsync(Soon) is { } next)
        {
            sizes.Add(next.GetArrayLength());
            ids.AddRange(next.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
        }

        Assert.Equal([NotificationDispatcher.MaxPerMessage, NotificationDispatcher.MaxPerMessage, 1], sizes);
        Assert.Equal(many, ids);
        Assert.Null(await other.NextNotifyAsync(Quiet));
        await using var db = await world.Db.CreateDbContextAsync();
        await db.Notifications.Where(n => few.Contains(n.Id) || many.Contains(n.Id)).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAtUtc, DateTime.UtcNow));
    }

    [Fact]
    public async Task An_open_page_finds_its_referral_already_read_for_it_and_a_pass_for_nobody_open_forgets_it()
    {
        var live = world.App.Services.GetRequiredService<LiveUpdates>();
        var foundWhenNotified = new System.Collections.Concurrent.ConcurrentDictionary<int, ReferralSummary?>();
        var page = live.Subscribe(world.ShelterColleague.UserId, m =>
        {
            if (m.ReferralId is { } id)
            {
                foundWhenNotified[id] = live.TryGetReferral(id, out var summary) ? summary : null;
            }
        });

        (int Id, string CaseCode) sent;
        try
        {
            sent = await world.SendToShelterAsync();
            await Poll.UntilAsync(() => foundWhenNotified.ContainsKey(sent.Id), Soon, "The open page was not notified in time");
        }
        finally
        {
            page.Dispose();
        }

        // Read before the page heard of it: the page needs no read of its own.
        var shared = foundWhenNotified[sent.Id];
        Assert.NotNull(shared);
        Assert.Equal((sent.CaseCode, world.Shelter.ActorId, ReferralState.Sent), (shared.CaseCode, shared.ToActorId, shared.State));
        Assert.True(ReferralService.MaySee(world.ShelterColleague, shared));
        Assert.False(ReferralService.MaySee(world.OtherShelter, shared));

        // The same referral announced again with no page open for its user: the kept summary could be older than that
        // news, so it is dropped, and a page opened later reads its own.
        await using var other = await ConnectAsync(TestAccount.OtherShelter.Email, TestAccount.OtherShelter.Password);
        var at = world.Clock.GetUtcNow().UtcDateTime;
        var row = new Notification { UserId = world.OtherShelter.UserId, Type = NotificationTypes.SopReminder, ReferralId = sent.Id, CaseCode = sent.CaseCode, AtUtc = at };
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Notifications.Add(row);
            await db.SaveChangesAsync();
        }

        await world.App.Services.GetRequiredService<INotifier>().PushAsync([row]);
        Assert.NotNull(await other.NextNotifyAsync(Soon));
        Assert.False(live.TryGetReferral(sent.Id, out _));
        await using var cleanup = await world.Db.CreateDbContextAsync();
        await cleanup.Notifications.Where(n => n.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAtUtc, DateTime.UtcNow));
    }

    /// <summary>Stores notification rows for a user in one commit and wakes delivery, as a service does; returns their ids.</summary>
    private async Task<List<long>> StoreAndWakeAsync(string userId, int count)
    {
        var at = world.Clock.GetUtcNow().UtcDateTime;
        var rows = Enumerable.Range(0, count).Select(_ => new Notification { UserId = userId, Type = NotificationTypes.SopReminder, AtUtc = at }).ToList();
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Notifications.AddRange(rows);
            await db.SaveChangesAsync();
        }

        await world.App.Services.GetRequiredService<INotifier>().PushAsync(rows);
        return [.. rows.Select(r => r.Id)];
    }

    [Fact]
    public async Task UnreadCount_GetRecent_and_MarkRead_work_on_the_callers_own_notifications_only()
    {
        await world.SendToShelterAsync();
        await world.SendToShelterAsync(world.GovShelterId);
        await using var shelter = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        long own, colleagues, otherActors;
        int unread;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            unread = await db.Notifications.CountAsync(n => n.UserId == world.Shelter.UserId && n.ReadAtUtc == null);
            own = await db.Notifications.Where(n => n.UserId == world.Shelter.UserId && n.ReadAtUtc == null).MaxAsync(n => n.Id);
            colleagues = await db.Notifications.Where(n => n.UserId == world.ShelterColleague.UserId && n.ReadAtUtc == null).MaxAsync(n => n.Id);
            otherActors = await db.Notifications.Where(n => n.UserId == world.OtherShelter.UserId && n.ReadAtUtc == null).MaxAsync(n => n.Id);
        }

        var hub = shelter.Connection;
        Assert.Equal(unread, await hub.InvokeAsync<int>("UnreadCount"));
        var recent = await hub.InvokeAsync<JsonElement>("GetRecent", 100);
        Assert.Equal(unread, recent.GetArrayLength());
        Assert.Contains(recent.EnumerateArray(), n => n.GetProperty("id").GetInt64() == own);
        Assert.DoesNotContain(recent.EnumerateArray(), n => n.GetProperty("id").GetInt64() is var x && (x == colleagues || x == otherActors));

        Assert.False(await hub.InvokeAsync<bool>("MarkRead", colleagues));
        Assert.False(await hub.InvokeAsync<bool>("MarkRead", otherActors));
        Assert.False(await hub.InvokeAsync<bool>("MarkRead", long.MaxValue));
        Assert.Equal(unread, await hub.InvokeAsync<int>("UnreadCount"));
        Assert.True(await hub.InvokeAsync<bool>("MarkRead", own));
        Assert.False(await hub.InvokeAsync<bool>("MarkRead", own));
        Assert.Equal(unread - 1, await hub.InvokeAsync<int>("UnreadCount"));

        await using (var db = await world.Db.CreateDbContextAsync())
        {
            Assert.NotNull((await db.Notifications.SingleAsync(n => n.Id == own)).ReadAtUtc);
            Assert.Null((await db.Notifications.SingleAsync(n => n.Id == colleagues)).ReadAtUtc);
            Assert.Null((await db.Notifications.SingleAsync(n => n.Id == otherActors)).ReadAtUtc);

            // Asking for someone else's notification is audited like a refused case read; the own one read twice is not.
            var refused = await db.AuditEntries.Where(a => a.Action == "hub.call.refused" && a.UserId == world.Shelter.UserId && a.EntityKey == "MarkRead")
                .Select(a => a.After).ToListAsync();
            Assert.Equal(3, refused.Count);
            Assert.Contains(refused, a => a!.Contains($"\"{colleagues}\"", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public async Task GetRecent_refuses_a_count_out_of_range_by_name_and_audits_it(int take)
    {
        await using var shelter = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        int Before()
        {
            using var db = world.Db.CreateDbContext();
            return db.AuditEntries.Count(a => a.Action == "hub.call.refused" && a.EntityKey == "GetRecent" && a.UserId == world.Shelter.UserId);
        }

        var before = Before();

        var refused = await Assert.ThrowsAsync<HubException>(() => shelter.Connection.InvokeAsync<JsonElement>("GetRecent", take));

        Assert.Contains("take must be from 1 to 100", refused.Message);
        Assert.Equal(before + 1, Before());
        Assert.Equal(JsonValueKind.Array, (await shelter.Connection.InvokeAsync<JsonElement>("GetRecent", 100)).ValueKind);
    }

    /// <summary>Calls a client may send that the hub cannot bind or does not offer: (case name, target, arguments).</summary>
    public static TheoryData<string, string, object?[]> BadInvocations() => new()
    {
        { "text for a number", "MarkRead", ["not-a-number"] },
        { "object for a number", "MarkRead", [new { id = 1 }] },
        { "argument missing", "MarkRead", [] },
        { "one argument too many", "MarkRead", [1, 2] },
        { "text for a count", "GetRecent", ["lots"] },
        { "argument to a method without any", "UnreadCount", [true] },
        { "method that does not exist", "MarkAllReadForEveryone", [] },
        { "lifecycle method", "OnConnectedAsync", [] },
    };

    [Theory]
    [MemberData(nameof(BadInvocations))]
    public async Task Bad_arguments_give_an_error_completion_and_the_connection_stays_usable(string name, string target, object?[] arguments)
    {
        await using var shelter = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);

        var error = await Assert.ThrowsAsync<HubException>(() => shelter.Connection.InvokeCoreAsync(target, typeof(object), arguments));

        Assert.False(string.IsNullOrWhiteSpace(error.Message), name);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, shelter.Connection.State);
        Assert.True(await shelter.Connection.InvokeAsync<int>("UnreadCount") >= 0);
    }

    /// <summary>
    /// A frame that is not JSON at all cannot be sent through the .NET client, which only writes valid frames:
    /// this one test speaks the handshake over a bare WebSocket to send it.
    /// </summary>
    [Fact]
    public async Task Malformed_frame_closes_only_that_connection()
    {
        var cookie = await CookieAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        await using var bystander = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        var ws = world.App.Server.CreateWebSocketClient();
        ws.ConfigureRequest = request => request.Headers.Cookie = cookie;
        using var timeout = new CancellationTokenSource(Soon);
        using var socket = await ws.ConnectAsync(new UriBuilder(world.App.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/notifications" }.Uri, timeout.Token);
        await SendTextAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e", timeout.Token);
        Assert.Equal("{}\u001e", await ReceiveTextAsync(socket, timeout.Token));

        await SendTextAsync(socket, "{this is not json\u001e", timeout.Token);

        // The server answers with a close message carrying an error, then closes the socket.
        var answer = await ReceiveTextAsync(socket, timeout.Token);
        Assert.Contains("\"type\":7", answer, StringComparison.Ordinal);
        Assert.Contains("\"error\"", answer, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
        Assert.True(await bystander.Connection.InvokeAsync<int>("UnreadCount") >= 0);
        await using var fresh = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        Assert.True(await fresh.Connection.InvokeAsync<int>("UnreadCount") >= 0);
    }

    private static Task SendTextAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

        return text.ToString();
    }

    private async Task<string> CookieAsync(string email, string password)
    {
        if (!cookies.TryGetValue(email, out var cookie))
        {
            cookie = cookies[email] = await HubTestClient.SignInCookieAsync(world.App, email, password);
        }

        return cookie;
    }

    private async Task<HubTestClient> ConnectAsync(string email, string password) =>
        await HubTestClient.ConnectAsync(world.App, await CookieAsync(email, password));
}
