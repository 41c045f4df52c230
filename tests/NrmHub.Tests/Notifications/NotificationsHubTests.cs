using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Notifications;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Notifications;

/// <summary>
/// The live notification hub over a real WebSocket and the SignalR JSON protocol, as an external
/// @microsoft/signalr client would use it with a user's cookie.
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
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SignalRTestClient.ConnectAsync(world.App, cookie: null));
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

        var notify = await shelter.NextAsync("Notify", Soon);
        Assert.NotNull(notify);
        var message = Assert.Single(notify.Arguments);
        Assert.Equal(["atUtc", "caseCode", "id", "referralId", "type"], message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(NotificationTypes.ReferralReceived, message.GetProperty("type").GetString());
        Assert.Equal(id, message.GetProperty("referralId").GetInt32());
        Assert.Equal(code, message.GetProperty("caseCode").GetString());
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var stored = await db.Notifications.SingleAsync(n => n.Id == message.GetProperty("id").GetInt64());
            Assert.Equal((world.Shelter.UserId, id), (stored.UserId, stored.ReferralId));
        }

        Assert.DoesNotContain("Quillfeather", notify.RawFrame, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("QUILL-REASON-MARKER", notify.RawFrame, StringComparison.Ordinal);
        Assert.Null(await other.NextAsync("Notify", Quiet));

        // The other shelter's connection is alive: a referral to its own actor arrives, and only there.
        var (otherId, _) = await world.SendToShelterAsync(world.GovShelterId);
        var toOther = await other.NextAsync("Notify", Soon);
        Assert.NotNull(toOther);
        Assert.Equal(otherId, toOther.Arguments[0].GetProperty("referralId").GetInt32());
        Assert.Null(await shelter.NextAsync("Notify", Quiet));
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
            var notify = await connection.NextAsync("Notify", Soon);
            Assert.Equal(id, notify?.Arguments[0].GetProperty("referralId").GetInt32());
        }

        Assert.Null(await officer.NextAsync("Notify", Quiet));
        Assert.True((await world.Referrals.AcceptAsync(world.Shelter, id, 1)).Succeeded);
        var accepted = await officer.NextAsync("Notify", Soon);
        Assert.Equal(NotificationTypes.ReferralAccepted, accepted?.Arguments[0].GetProperty("type").GetString());
        var toColleague = await colleague.NextAsync("Notify", Soon);
        Assert.Equal(NotificationTypes.ReferralAccepted, toColleague?.Arguments[0].GetProperty("type").GetString());
        Assert.Null(await tab1.NextAsync("Notify", Quiet));
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

        Assert.Equal(unread, Result(await shelter.InvokeAsync("UnreadCount")).GetInt32());
        var recent = Result(await shelter.InvokeAsync("GetRecent", 100));
        Assert.Equal(unread, recent.GetArrayLength());
        Assert.Contains(recent.EnumerateArray(), n => n.GetProperty("id").GetInt64() == own);
        Assert.DoesNotContain(recent.EnumerateArray(), n => n.GetProperty("id").GetInt64() is var x && (x == colleagues || x == otherActors));

        Assert.False(Result(await shelter.InvokeAsync("MarkRead", colleagues)).GetBoolean());
        Assert.False(Result(await shelter.InvokeAsync("MarkRead", otherActors)).GetBoolean());
        Assert.False(Result(await shelter.InvokeAsync("MarkRead", long.MaxValue)).GetBoolean());
        Assert.Equal(unread, Result(await shelter.InvokeAsync("UnreadCount")).GetInt32());
        Assert.True(Result(await shelter.InvokeAsync("MarkRead", own)).GetBoolean());
        Assert.False(Result(await shelter.InvokeAsync("MarkRead", own)).GetBoolean());
        Assert.Equal(unread - 1, Result(await shelter.InvokeAsync("UnreadCount")).GetInt32());

        await using (var db = await world.Db.CreateDbContextAsync())
        {
            Assert.NotNull((await db.Notifications.SingleAsync(n => n.Id == own)).ReadAtUtc);
            Assert.Null((await db.Notifications.SingleAsync(n => n.Id == colleagues)).ReadAtUtc);
            Assert.Null((await db.Notifications.SingleAsync(n => n.Id == otherActors)).ReadAtUtc);
        }
    }

    public static TheoryData<string> BadInvocations() => new()
    {
        """{"type":1,"invocationId":"{id}","target":"MarkRead","arguments":["not-a-number"]}""",
        """{"type":1,"invocationId":"{id}","target":"MarkRead","arguments":[{"id":1}]}""",
        """{"type":1,"invocationId":"{id}","target":"MarkRead","arguments":[]}""",
        """{"type":1,"invocationId":"{id}","target":"MarkRead","arguments":[1,2]}""",
        """{"type":1,"invocationId":"{id}","target":"GetRecent","arguments":["lots"]}""",
        """{"type":1,"invocationId":"{id}","target":"UnreadCount","arguments":[true]}""",
        """{"type":1,"invocationId":"{id}","target":"MarkAllReadForEveryone","arguments":[]}""",
        """{"type":1,"invocationId":"{id}","target":"OnConnectedAsync","arguments":[]}""",
    };

    [Theory]
    [MemberData(nameof(BadInvocations))]
    public async Task Bad_arguments_give_an_error_completion_and_the_connection_stays_usable(string frame)
    {
        await using var shelter = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);

        var completion = await shelter.InvokeRawAsync(id => frame.Replace("{id}", id, StringComparison.Ordinal));

        Assert.NotNull(completion.Error);
        Assert.Null(completion.Result);
        Assert.DoesNotContain("   at ", completion.Error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, Result(await shelter.InvokeAsync("UnreadCount")).ValueKind);
    }

    [Fact]
    public async Task Malformed_frame_closes_only_that_connection()
    {
        await using var broken = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);

        await broken.SendRawAsync("{this is not json\u001e");

        var closed = await broken.Closed.WaitAsync(Soon);
        Assert.NotNull(closed);
        await using var fresh = await ConnectAsync(DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        Assert.Equal(JsonValueKind.Number, Result(await fresh.InvokeAsync("UnreadCount")).ValueKind);
    }

    private static JsonElement Result(HubCompletion completion)
    {
        Assert.Null(completion.Error);
        Assert.NotNull(completion.Result);
        return completion.Result.Value;
    }

    private async Task<string> CookieAsync(string email, string password)
    {
        if (!cookies.TryGetValue(email, out var cookie))
        {
            cookie = cookies[email] = await SignalRTestClient.SignInCookieAsync(world.App, email, password);
        }

        return cookie;
    }

    private async Task<SignalRTestClient> ConnectAsync(string email, string password) =>
        await SignalRTestClient.ConnectAsync(world.App, await CookieAsync(email, password));
}
