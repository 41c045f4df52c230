using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Referrals;

/// <summary>
/// The referral service against the real app and database: routing, need to know, audit, notifications and
/// optimistic concurrency. Each test works on referrals it creates itself, so the class can share one app.
/// </summary>
public sealed class ReferralServiceTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    private ReferralService Referrals => world.Referrals;

    /// <summary>The first page of a list, as the list pages ask for it.</summary>
    private async Task<IReadOnlyList<ReferralSummary>> ListAsync(Caller caller, ReferralScope scope) =>
        (await Referrals.QueryAsync(caller, new ReferralQuery(scope, Take: ReferralQuery.MaxTake), TimeZoneInfo.Utc)).Rows;

    [Fact]
    public async Task Create_sends_and_notifies_only_the_receiving_actors_users()
    {
        var (id, code) = await world.SendToShelterAsync();

        await using var db = await world.Db.CreateDbContextAsync();
        var referral = await db.Referrals.SingleAsync(r => r.Id == id);
        Assert.Equal(ReferralState.Sent, referral.State);
        Assert.Equal(1, referral.Version);
        Assert.Equal(world.Officer.ActorId, referral.FromActorId);

        var receivers = await db.Users.Where(u => u.ActorId == world.CleanWorldId).Select(u => u.Id).ToListAsync();
        Assert.Equal(new[] { world.Shelter.UserId, world.ShelterColleague.UserId }.Order(StringComparer.Ordinal), receivers.Order(StringComparer.Ordinal));
        var notified = await db.Notifications.Where(n => n.ReferralId == id).ToListAsync();
        Assert.Equal(receivers.Order(StringComparer.Ordinal), notified.Select(n => n.UserId).Order(StringComparer.Ordinal));
        Assert.All(notified, n =>
        {
            Assert.Equal(NotificationTypes.ReferralReceived, n.Type);
            Assert.Equal(code, n.CaseCode);
            Assert.Null(n.ReadAtUtc);
        });

        Assert.Contains(await ListAsync(world.Shelter, ReferralScope.Incoming), s => s.Id == id);
        Assert.DoesNotContain(await ListAsync(world.OtherShelter, ReferralScope.Incoming), s => s.Id == id);
        Assert.Contains(await ListAsync(world.Officer, ReferralScope.Outgoing), s => s.Id == id);
    }

    [Fact]
    public async Task Case_lifecycle_keeps_personal_data_out_of_notifications_audit_and_timeline()
    {
        var (id, code) = await world.SendToShelterAsync();
        Assert.NotNull(await Referrals.GetCaseAsync(world.Shelter, code));
        Assert.True((await Referrals.AcceptAsync(world.Shelter, id, 1)).Succeeded);
        Assert.Null(await Referrals.GetCaseAsync(world.OtherShelter, code));
        var onward = await Referrals.ReferOnwardAsync(world.Shelter, id, new NewReferral(world.ClrplId, [ServiceType.LegalAid], Urgency.Routine, world.ToShelter().Reason, Consent.Given, null));
        Assert.True(onward.Succeeded);

        await using var db = await world.Db.CreateDbContextAsync();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        var referralIds = await db.Referrals.Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync();
        var notifications = await db.Notifications.Where(n => n.CaseCode == code || referralIds.Contains(n.ReferralId ?? 0)).ToListAsync();
        var audit = await db.AuditEntries.Where(a => a.CaseCode == code || a.EntityKey == code).ToListAsync();
        var events = await db.ReferralEvents.Where(e => e.CaseId == caseId).ToListAsync();
        Assert.NotEmpty(notifications);
        Assert.NotEmpty(audit);
        Assert.NotEmpty(events);

        var stored = notifications.Select(n => string.Join('|', n.UserId, n.Type, n.ReferralId, n.CaseCode))
            .Concat(audit.Select(a => string.Join('|', a.Action, a.EntityType, a.EntityKey, a.CaseCode, a.Before, a.After)))
            .Concat(events.Select(e => e.Type));
        foreach (var text in stored)
        {
            Assert.DoesNotContain(ReferralWorld.PersonName, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Quillfeather", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(ReferralWorld.PersonContact, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("555 01 23", text, StringComparison.Ordinal);
            Assert.DoesNotContain("QUILL-REASON-MARKER", text, StringComparison.Ordinal);
            Assert.DoesNotContain("1999-04-02", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Quill", code, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^AZ-[0-9]{4}-[A-Z2-9]{6}$", code);
    }

    [Fact]
    public async Task Create_to_receiver_the_graph_does_not_offer_is_refused_and_writes_nothing()
    {
        var before = await CountsAsync();

        // The officer has a channel to TAMAS, but only for psychosocial support and livelihoods, not for shelter.
        var result = await Referrals.CreateAsync(world.Officer, ReferralWorld.Person(), world.ToShelter(world.TamasId));

        Assert.False(result.Succeeded);
        Assert.Equal("Referral.ReceiverNotOffered", result.ErrorCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Create_by_actor_without_channel_is_refused()
    {
        var result = await Referrals.CreateAsync(world.Coordinator, ReferralWorld.Person(), world.ToShelter());

        Assert.False(result.Succeeded);
        Assert.Equal("Referral.ReceiverNotOffered", result.ErrorCode);
    }

    [Fact]
    public async Task Another_shelter_gets_null_and_not_found_and_the_refused_read_is_audited()
    {
        var (id, code) = await world.SendToShelterAsync();
        var other = world.OtherShelter;

        Assert.Null(await Referrals.GetCaseAsync(other, code));
        Assert.Null(await Referrals.FindSummaryAsync(other, id));
        Assert.Null(await Referrals.CaseCodeForAsync(other, id));
        Assert.Empty(await ListAsync(other, ReferralScope.All));
        Assert.Equal(OperationResult.NotFound, await Referrals.AcknowledgeAsync(other, id, 1));
        Assert.Equal(OperationResult.NotFound, await Referrals.AcceptAsync(other, id, 1));
        Assert.Equal(OperationResult.NotFound, await Referrals.DeclineAsync(other, id, 1, DeclineReason.NoCapacity, null));
        Assert.Equal(OperationResult.NotFound, await Referrals.StartAsync(other, id, 1));
        Assert.Equal(OperationResult.NotFound, await Referrals.CompleteAsync(other, id, 1, Outcome.Successful, null, [ServiceType.Shelter]));
        Assert.Equal(OperationResult.NotFound, await Referrals.RevokeAsync(other, id, 1));
        Assert.Equal(OperationResult.NotFound, await Referrals.ReferOnwardAsync(other, id, world.ToShelter()));
        Assert.Equal(OperationResult.NotFound, await Referrals.AcceptAsync(other, int.MaxValue, 1));

        var referral = await world.LoadAsync(id);
        Assert.Equal((ReferralState.Sent, 1), (referral.State, referral.Version));
        await using var db = await world.Db.CreateDbContextAsync();
        var refused = await db.AuditEntries.SingleAsync(a => a.Action == "case.read.refused" && a.EntityKey == code);
        Assert.Equal(other.UserId, refused.UserId);
        Assert.Equal(other.ActorId, refused.UserActorId);
        Assert.Null(refused.CaseCode);
        // The refused onward referral is audited too, and, like the refused read, without the case code it would reveal.
        var onward = await db.AuditEntries.SingleAsync(a => a.Action == "referral.onward.refused" && a.EntityKey == id.ToString());
        Assert.Equal((other.UserId, other.ActorId, (string?)null), (onward.UserId, onward.UserActorId, onward.CaseCode));
        Assert.Contains("NotFound", onward.After);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.UserId == other.UserId && a.Action == "case.read" && a.CaseCode == code));
        Assert.False(await db.Notifications.AnyAsync(n => n.UserId == other.UserId && n.ReferralId == id));
    }

    [Fact]
    public async Task Coordinator_and_admin_see_summaries_but_never_the_case()
    {
        var (id, code) = await world.SendToShelterAsync();

        foreach (var caller in new[] { world.Coordinator, world.Admin })
        {
            var summary = Assert.Single(await ListAsync(caller, ReferralScope.All), s => s.Id == id);
            Assert.Equal(code, summary.CaseCode);
            Assert.Equal(ReferralState.Sent, summary.State);
            Assert.Equal(world.CleanWorldId, summary.ToActorId);
            Assert.NotNull(await Referrals.FindSummaryAsync(caller, id));
            Assert.Null(await Referrals.GetCaseAsync(caller, code));
            Assert.Null(await Referrals.CaseCodeForAsync(caller, id));
            Assert.Equal(OperationResult.NotFound, await Referrals.AcceptAsync(caller, id, 1));
        }

        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "case.read.refused" && a.EntityKey == code));
    }

    [Fact]
    public async Task Sender_cannot_act_for_the_receiver_nor_receiver_for_the_sender()
    {
        var (id, _) = await world.SendToShelterAsync();

        var accept = await Referrals.AcceptAsync(world.Officer, id, 1);
        var revoke = await Referrals.RevokeAsync(world.Shelter, id, 1);

        Assert.Equal("Referral.NotYourSide", accept.ErrorCode);
        Assert.Equal("Referral.NotYourSide", revoke.ErrorCode);
        Assert.Equal((ReferralState.Sent, 1), ((await world.LoadAsync(id)).State, (await world.LoadAsync(id)).Version));
    }

    [Fact]
    public async Task Revoke_after_acceptance_is_refused()
    {
        var (id, _) = await world.SendToShelterAsync();
        Assert.True((await Referrals.AcceptAsync(world.Shelter, id, 1)).Succeeded);

        var revoke = await Referrals.RevokeAsync(world.Officer, id, 2);

        Assert.False(revoke.Succeeded);
        Assert.Equal("Referral.InvalidTransition", revoke.ErrorCode);
        var referral = await world.LoadAsync(id);
        Assert.Equal((ReferralState.Accepted, 2), (referral.State, referral.Version));
        Assert.Null(referral.RevokedAtUtc);
    }

    [Fact]
    public async Task Revoke_before_acceptance_notifies_receiver_and_ends_its_access()
    {
        var (id, code) = await world.SendToShelterAsync();

        Assert.True((await Referrals.RevokeAsync(world.Officer, id, 1)).Succeeded);

        Assert.Null(await Referrals.GetCaseAsync(world.Shelter, code));
        await using var db = await world.Db.CreateDbContextAsync();
        var revoked = await db.Notifications.Where(n => n.ReferralId == id && n.Type == NotificationTypes.ReferralRevoked).Select(n => n.UserId).ToListAsync();
        Assert.Equal(new[] { world.Shelter.UserId, world.ShelterColleague.UserId }.Order(StringComparer.Ordinal), revoked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Declined_receiver_loses_access_to_the_case()
    {
        var (id, code) = await world.SendToShelterAsync();
        Assert.NotNull(await Referrals.GetCaseAsync(world.Shelter, code));

        var declined = await Referrals.DeclineAsync(world.Shelter, id, 1, DeclineReason.Other, "No bed for a family of four");

        Assert.True(declined.Succeeded);
        Assert.Null(await Referrals.GetCaseAsync(world.Shelter, code));
        Assert.Null(await Referrals.GetCaseAsync(world.ShelterColleague, code));
        Assert.Null(await Referrals.CaseCodeForAsync(world.Shelter, id));
        Assert.False((await Referrals.ReferOnwardAsync(world.Shelter, id, world.ToShelter())).Succeeded);
        var officerView = await Referrals.GetCaseAsync(world.Officer, code);
        Assert.NotNull(officerView);
        var referral = Assert.Single(officerView.Referrals);
        Assert.Equal(ReferralState.Declined, referral.State);
        Assert.Equal("No bed for a family of four", referral.DeclineNote);
    }

    [Fact]
    public async Task Decline_other_without_note_is_refused_by_the_service_too()
    {
        var (id, _) = await world.SendToShelterAsync();

        var declined = await Referrals.DeclineAsync(world.Shelter, id, 1, DeclineReason.Other, "  ");

        Assert.Equal("Referral.DeclineNeedsNote", declined.ErrorCode);
        Assert.Equal(ReferralState.Sent, (await world.LoadAsync(id)).State);
    }

    [Fact]
    public async Task Onward_referral_builds_a_chain_and_a_timeline()
    {
        var (id, code) = await world.SendToShelterAsync();
        var toLegalAid = new NewReferral(world.ClrplId, [ServiceType.LegalAid], Urgency.Routine, "Residence permit", Consent.Given, null);

        var early = await Referrals.ReferOnwardAsync(world.Shelter, id, toLegalAid);
        Assert.Equal("Referral.OnwardNeedsAcceptance", early.ErrorCode);
        Assert.True((await Referrals.AcceptAsync(world.ShelterColleague, id, 1)).Succeeded);
        Assert.Equal("Referral.NotYourSide", (await Referrals.ReferOnwardAsync(world.Officer, id, toLegalAid)).ErrorCode);
        var notOffered = await Referrals.ReferOnwardAsync(world.Shelter, id, toLegalAid with { ToActorId = world.GovShelterId });
        Assert.Equal("Referral.ReceiverNotOffered", notOffered.ErrorCode);

        var onward = await Referrals.ReferOnwardAsync(world.Shelter, id, toLegalAid);

        Assert.True(onward.Succeeded, onward.Error);
        Assert.Equal(code, onward.CaseCode);
        await using (var audit = await world.Db.CreateDbContextAsync())
        {
            var refusals = await audit.AuditEntries.Where(a => a.Action == "referral.onward.refused" && a.EntityKey == id.ToString()).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(3, refusals.Count);
            Assert.All(refusals, r => Assert.Equal(code, r.CaseCode));
            Assert.Contains("Referral.ReceiverNotOffered", refusals[^1].After);
        }

        var view = await Referrals.GetCaseAsync(world.Officer, code);
        Assert.NotNull(view);
        Assert.Equal(2, view.Referrals.Count);
        var (first, second) = (view.Referrals[0], view.Referrals[1]);
        Assert.Equal(id, first.Id);
        Assert.Null(first.ParentReferralId);
        Assert.Equal(first.Id, second.ParentReferralId);
        Assert.Equal((world.CleanWorldId, world.ClrplId, ReferralState.Sent), (second.FromActorId, second.ToActorId, second.State));
        Assert.Equal(
            [(first.Id, "sent", world.Officer.ActorId), (first.Id, "accepted", world.CleanWorldId), (second.Id, "sent", world.CleanWorldId)],
            view.Timeline.Select(t => (t.ReferralId, t.Type, t.ByActorId)));
        Assert.True(view.Timeline.Zip(view.Timeline.Skip(1)).All(p => p.First.AtUtc <= p.Second.AtUtc));

        // The onward receiver becomes party to the case; the other shelter still is not.
        Assert.NotNull(await Referrals.GetCaseAsync(world.LegalAid, code));
        Assert.Null(await Referrals.GetCaseAsync(world.OtherShelter, code));
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal([world.LegalAid.UserId], await db.Notifications.Where(n => n.ReferralId == second.Id).Select(n => n.UserId).ToListAsync());
    }

    [Fact]
    public async Task Two_staff_accepting_at_the_same_moment_exactly_one_wins_and_nothing_is_written_twice()
    {
        for (var round = 0; round < 5; round++)
        {
            var (id, code) = await world.SendToShelterAsync();
            using var start = new ManualResetEventSlim(false);
            var first = Task.Run(() => { start.Wait(); return Referrals.AcceptAsync(world.Shelter, id, 1); });
            var second = Task.Run(() => { start.Wait(); return Referrals.AcceptAsync(world.ShelterColleague, id, 1); });
            start.Set();

            var results = await Task.WhenAll(first, second);

            Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            Assert.Contains(loser.ErrorCode, new[] { "Referral.ChangedByOther", "Referral.InvalidTransition" });
            Assert.False(string.IsNullOrWhiteSpace(loser.Error));
            var referral = await world.LoadAsync(id);
            Assert.Equal((ReferralState.Accepted, 2), (referral.State, referral.Version));
            await using var db = await world.Db.CreateDbContextAsync();
            Assert.Equal(1, await db.ReferralEvents.CountAsync(e => e.ReferralId == id && e.Type == "accepted"));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.CaseCode == code && a.Action == "referral.accepted"));
            // The officer hears once; the shelter worker who did not win hears about the colleague's acceptance once.
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.ReferralId == id && n.Type == NotificationTypes.ReferralAccepted));
        }
    }

    [Fact]
    public async Task Stale_version_is_refused_with_a_clear_message()
    {
        var (id, _) = await world.SendToShelterAsync();
        Assert.True((await Referrals.AcknowledgeAsync(world.ShelterColleague, id, 1)).Succeeded);

        var stale = await Referrals.AcceptAsync(world.Shelter, id, 1);

        Assert.Equal("Referral.ChangedByOther", stale.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(stale.Error));
        var referral = await world.LoadAsync(id);
        Assert.Equal((ReferralState.Acknowledged, 2), (referral.State, referral.Version));
        Assert.True((await Referrals.AcceptAsync(world.Shelter, id, 2)).Succeeded);
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "age group 99", "Person.Invalid" },
        { "sex 99", "Person.Invalid" },
        { "exploitation form 99", "Person.Invalid" },
        { "vulnerability 99", "Person.Invalid" },
        { "date of birth tomorrow", "Person.DateOfBirth" },
        { "region Atlantis", "Person.Region" },
        { "name 201 characters", "Text.TooLong" },
        { "nationality 101 characters", "Text.TooLong" },
        { "languages 201 characters", "Text.TooLong" },
        { "contact 201 characters", "Text.TooLong" },
        { "no services", "Referral.NoServices" },
        { "service 999", "Referral.NoServices" },
        { "urgency 99", "Referral.Invalid" },
        { "consent 99", "Referral.Invalid" },
        { "consent none", "Referral.NoConsent" },
        { "consent refused", "Referral.NoConsent" },
        { "override without reason", "Referral.OverrideNeedsReason" },
        { "override with an invisible reason", "Referral.OverrideNeedsReason" },
        { "reason 1001 characters", "Text.TooLong" },
        { "override reason 501 characters", "Text.TooLong" },
        { "unknown receiver", "Referral.ReceiverNotOffered" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Create_with_bad_input_fails_and_writes_nothing(string bad, string expectedCode)
    {
        var person = ReferralWorld.Person();
        var referral = world.ToShelter();
        var tomorrow = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        (person, referral) = bad switch
        {
            "age group 99" => (person with { AgeGroup = (AgeGroup)99 }, referral),
            "sex 99" => (person with { Sex = (Sex)99 }, referral),
            "exploitation form 99" => (person with { ExploitationForm = (ExploitationForm)99 }, referral),
            "vulnerability 99" => (person with { Vulnerabilities = [Vulnerability.Child, (Vulnerability)99] }, referral),
            "date of birth tomorrow" => (person with { DateOfBirth = tomorrow }, referral),
            "region Atlantis" => (person with { RegionIdentified = "Atlantis" }, referral),
            "name 201 characters" => (person with { FullName = new string('n', 201) }, referral),
            "nationality 101 characters" => (person with { Nationality = new string('n', 101) }, referral),
            "languages 201 characters" => (person with { Languages = new string('l', 201) }, referral),
            "contact 201 characters" => (person with { Contact = new string('c', 201) }, referral),
            "no services" => (person, referral with { Services = [] }),
            "service 999" => (person, referral with { Services = [ServiceType.Shelter, (ServiceType)999] }),
            "urgency 99" => (person, referral with { Urgency = (Urgency)99 }),
            "consent 99" => (person, referral with { Consent = (Consent)99 }),
            "consent none" => (person, referral with { Consent = Consent.None }),
            "consent refused" => (person, referral with { Consent = Consent.Refused, ConsentOverrideReason = "irrelevant" }),
            "override without reason" => (person, referral with { Consent = Consent.Override, ConsentOverrideReason = " " }),
            "override with an invisible reason" => (person, referral with { Consent = Consent.Override, ConsentOverrideReason = "\u200B\u200C\u200D\u2060\uFEFF\u00AD" }),
            "reason 1001 characters" => (person, referral with { Reason = new string('r', 1001) }),
            "override reason 501 characters" => (person, referral with { Consent = Consent.Override, ConsentOverrideReason = new string('o', 501) }),
            "unknown receiver" => (person, referral with { ToActorId = -1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        var before = await CountsAsync();

        var result = await Referrals.CreateAsync(world.Officer, person, referral);

        Assert.False(result.Succeeded);
        Assert.Equal(expectedCode, result.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Null(result.Id);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Create_accepts_the_longest_allowed_fields()
    {
        var person = ReferralWorld.Person() with
        {
            FullName = new string('n', 200),
            Nationality = new string('n', 100),
            Languages = new string('l', 200),
            Contact = new string('c', 200),
            DateOfBirth = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime),
            RegionIdentified = null,
        };

        var result = await Referrals.CreateAsync(world.Officer, person, world.ToShelter() with { Reason = new string('r', 1000) });

        Assert.True(result.Succeeded, result.Error);
        var referral = await world.LoadAsync(result.Id!.Value);
        Assert.Equal(1000, referral.ReasonText!.Length);
    }

    [Fact]
    public async Task Text_over_its_limit_is_refused_by_field_with_limit_and_length_never_shortened()
    {
        var before = await CountsAsync();

        var created = await Referrals.CreateAsync(world.Officer, ReferralWorld.Person(), world.ToShelter() with { Reason = new string('r', 5000) });

        Assert.Equal(("Text.TooLong", "reason", 1000, 5000), (created.ErrorCode, created.Field, created.Limit, created.Length));
        Assert.Equal(before, await CountsAsync());

        var (id, _) = await world.SendToShelterAsync();
        var declined = await Referrals.DeclineAsync(world.Shelter, id, 1, DeclineReason.Other, new string('d', 1001));
        Assert.Equal(("Text.TooLong", "note"), (declined.ErrorCode, declined.Field));
        var invisible = await Referrals.DeclineAsync(world.Shelter, id, 1, DeclineReason.Other, "\u200B \u200B");
        Assert.Equal("Referral.DeclineNeedsNote", invisible.ErrorCode);
        Assert.Equal(ReferralState.Sent, (await world.LoadAsync(id)).State);
    }

    [Fact]
    public async Task Every_read_and_write_of_case_data_is_audited_with_user_actor_and_case()
    {
        var (id, code) = await world.SendToShelterAsync();
        Assert.NotNull(await Referrals.GetCaseAsync(world.Shelter, code));
        Assert.True((await Referrals.AcknowledgeAsync(world.Shelter, id, 1)).Succeeded);
        Assert.True((await Referrals.AcceptAsync(world.Shelter, id, 2)).Succeeded);
        Assert.True((await Referrals.StartAsync(world.ShelterColleague, id, 3)).Succeeded);
        Assert.True((await Referrals.CompleteAsync(world.Shelter, id, 4, Outcome.Successful, null, [ServiceType.Shelter])).Succeeded);
        Assert.NotNull(await Referrals.GetCaseAsync(world.Officer, code));
        var (declinedId, declinedCode) = await world.SendToShelterAsync();
        Assert.True((await Referrals.DeclineAsync(world.Shelter, declinedId, 1, DeclineReason.NoCapacity, null)).Succeeded);
        var (revokedId, revokedCode) = await world.SendToShelterAsync();
        Assert.True((await Referrals.RevokeAsync(world.Officer, revokedId, 1)).Succeeded);

        await using var db = await world.Db.CreateDbContextAsync();
        async Task<List<(string Action, string? UserId, int? ActorId)>> Trail(string caseCode) =>
            (await db.AuditEntries.Where(a => a.CaseCode == caseCode).OrderBy(a => a.Id).ToListAsync())
            .Select(a => (a.Action, a.UserId, a.UserActorId)).ToList();
        var (officer, shelter, colleague) = (world.Officer, world.Shelter, world.ShelterColleague);
        Assert.Equal(
            [
                ("case.create", officer.UserId, officer.ActorId),
                ("referral.sent", officer.UserId, officer.ActorId),
                ("case.read", shelter.UserId, shelter.ActorId),
                ("referral.acknowledged", shelter.UserId, shelter.ActorId),
                ("referral.accepted", shelter.UserId, shelter.ActorId),
                ("referral.started", colleague.UserId, colleague.ActorId),
                ("referral.done", shelter.UserId, shelter.ActorId),
                ("case.read", officer.UserId, officer.ActorId),
            ],
            await Trail(code));
        Assert.Equal("referral.declined", (await Trail(declinedCode)).Last().Action);
        Assert.Equal("referral.revoked", (await Trail(revokedCode)).Last().Action);
        var now = world.Clock.GetUtcNow().UtcDateTime;
        Assert.All(await db.AuditEntries.Where(a => a.CaseCode == code).ToListAsync(), a => Assert.InRange(a.AtUtc, now.AddMinutes(-5), now));
        var done = await db.AuditEntries.SingleAsync(a => a.CaseCode == code && a.Action == "referral.done");
        Assert.Contains("\"InProgress\"", done.Before ?? "");
        Assert.Contains("\"Done\"", done.After ?? "");
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), done.EntityKey);
    }

    private async Task<(int Cases, int Profiles, int Referrals, int Events, int Audit, int Notifications)> CountsAsync()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return (
            await db.Cases.CountAsync(),
            await db.Set<CaseProfile>().CountAsync(),
            await db.Referrals.CountAsync(),
            await db.ReferralEvents.CountAsync(),
            await db.AuditEntries.CountAsync(),
            await db.Notifications.CountAsync());
    }
}
