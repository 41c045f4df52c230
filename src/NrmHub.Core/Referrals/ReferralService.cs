using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.Referrals;

/// <summary>
/// Orchestrates referrals: load, let the entity apply its rules, record timeline + audit + notifications in the same
/// save, then push the notifications live. Need to know is enforced here, so every page, endpoint and hub goes
/// through the same checks: a caller who is not party to a case is told "not found", never "forbidden".
/// </summary>
public sealed class ReferralService(
    IDbContextFactory<NrmDbContext> dbFactory,
    ActorGraph graph,
    CountryProfile profile,
    TimeProvider clock,
    INotifier notifier,
    DeadlineEngine deadlines,
    GroupCommit commits,
    ILogger<ReferralService> log)
{
    public const int EarliestBirthYear = 1900;

    private enum Side
    {
        Sender,
        Receiver,
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="idempotencyKey">The client's key: the same key from the same user again answers with the first result.</param>
    public async Task<OperationResult> CreateAsync(Caller caller, PersonInput person, NewReferral input, CancellationToken ct = default, string? idempotencyKey = null)
    {
        if (idempotencyKey is not null && await EarlierResultAsync(caller, idempotencyKey, ct) is { } earlier)
        {
            return earlier;
        }

        if ((ValidatePerson(person) ?? ValidateTexts(input)) is { } inputError)
        {
            return inputError;
        }

        if (await ValidateRouteAsync(caller.ActorId, input, person.RegionIdentified, ct) is { } routeError)
        {
            return routeError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        var @case = new Case { Code = await NewCaseCodeAsync(db, now, ct), OpenedByActorId = caller.ActorId, OpenedAtUtc = now };
        @case.Profile = new CaseProfile
        {
            FullName = Clean(person.FullName),
            DateOfBirth = person.DateOfBirth,
            AgeGroup = person.AgeGroup,
            Sex = person.Sex,
            Nationality = Clean(person.Nationality),
            Languages = Clean(person.Languages),
            Contact = Clean(person.Contact),
            Vulnerabilities = person.Vulnerabilities.Distinct().ToList(),
            ExploitationForm = person.ExploitationForm,
            RegionIdentified = person.RegionIdentified,
            NationalityGroup = CaseProfile.GroupOf(person.Nationality, profile.Nationals),
            Disability = person.Vulnerabilities.Contains(Vulnerability.Disability),
            Migrant = person.Vulnerabilities.Contains(Vulnerability.MigrantWorker),
        };
        var referral = NewReferralEntity(input, caller.ActorId, null, now);
        @case.Referrals.Add(referral);
        if (Send(referral, now) is { } sendError)
        {
            return sendError;
        }

        // Directory reads before the transaction: inside it they would hold up every other writer (WriteGate).
        var plan = await deadlines.PlanAsync(db, Happening(@case, referral, opensCase: true), ct, await graph.GetAsync(ct));
        var recipients = await RecipientsAsync(db, referral, ct);

        // One transaction (shared with other new referrals of the moment, GroupCommit): the ids are needed for the
        // timeline, and the case never exists without its audit and notifications.
        List<Notification> pending;
        try
        {
            pending = await commits.RunAsync(
                async (wdb, wct) =>
                {
                    // The case, its profile and referral untracked: the one writer's time is the limit (issue 13).
                    await using var rows = new AddedRows(wdb);
                    await rows.InsertAsync(@case, wct);
                    @case.Profile.CaseId = referral.CaseId = @case.Id;
                    await rows.InsertAsync(@case.Profile, wct);
                    await rows.InsertAsync(referral, wct);
                    AuditLog.Record(wdb, now, Who(caller), "case.create", "Case", @case.Code, @case.Code, after: new { @case.Code, @case.OpenedByActorId });
                    var notifications = await RecordSentAsync(wdb, caller, @case, referral, recipients, now, wct);
                    await deadlines.ApplyAsync(wdb, plan, Happening(@case, referral, opensCase: true), now, wct);
                    if (idempotencyKey is not null)
                    {
                        wdb.IdempotentRequests.Add(new IdempotentRequest { UserId = caller.UserId, Key = idempotencyKey, CreatedUtc = now, ReferralId = referral.Id, CaseCode = @case.Code });
                    }

                    await rows.SaveTrackedAsync(wct);
                    return notifications;
                },
                ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key won a race a moment earlier: this attempt was rolled back and answers with that result.
            if (await EarlierResultAsync(caller, idempotencyKey, ct) is { } winner)
            {
                return winner;
            }

            throw;
        }

        await PushAsync(pending, ct);
        return OperationResult.Ok(referral.Id, @case.Code);
    }

    private async Task<OperationResult?> EarlierResultAsync(Caller caller, string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IdempotentRequests.AsNoTracking().Where(r => r.UserId == caller.UserId && r.Key == key)
            .Select(r => new { r.ReferralId, r.CaseCode }).SingleOrDefaultAsync(ct) is { } earlier
            ? OperationResult.Ok(earlier.ReferralId, earlier.CaseCode)
            : null;
    }

    /// <summary>
    /// A receiving actor refers the same person onward; the case keeps one chain. A refused attempt is audited like a
    /// refused case read: referring someone else's case onward is how a probe would try to reach its person.
    /// </summary>
    public async Task<OperationResult> ReferOnwardAsync(Caller caller, int parentReferralId, NewReferral input, CancellationToken ct = default)
    {
        var result = await TryReferOnwardAsync(caller, parentReferralId, input, ct);
        if (!result.Succeeded)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            AuditLog.Record(db, Now, Who(caller), "referral.onward.refused", "Referral", parentReferralId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.ErrorCode == OperationResult.NotFound.ErrorCode ? null : result.CaseCode, after: new { code = result.ErrorCode, field = result.Field });
            await db.SaveChangesAsync(ct);
        }

        return result;
    }

    private async Task<OperationResult> TryReferOnwardAsync(Caller caller, int parentReferralId, NewReferral input, CancellationToken ct)
    {
        if (ValidateTexts(input) is { } textError)
        {
            return textError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var parent = await db.Referrals.Include(r => r.Case).ThenInclude(c => c!.Profile).SingleOrDefaultAsync(r => r.Id == parentReferralId, ct);
        if (parent is null || parent.ToActorId != caller.ActorId)
        {
            return parent is not null && await IsPartyAsync(db, parent.CaseId, caller.ActorId, ct)
                ? OperationResult.Fail("Referral.NotYourSide", "Only the receiving actor can refer this person onward.") with { CaseCode = parent.Case!.Code }
                : OperationResult.NotFound;
        }

        if (parent.State is not (ReferralState.Accepted or ReferralState.InProgress or ReferralState.Done))
        {
            return OperationResult.Fail("Referral.OnwardNeedsAcceptance", "Accept the referral before referring the person onward.") with { CaseCode = parent.Case!.Code };
        }

        if (await ValidateRouteAsync(caller.ActorId, input, parent.Case!.Profile?.RegionIdentified, ct) is { } routeError)
        {
            return routeError with { CaseCode = parent.Case!.Code };
        }

        var now = Now;
        var referral = NewReferralEntity(input, caller.ActorId, parent.Id, now);
        referral.CaseId = parent.CaseId;
        if (Send(referral, now) is { } sendError)
        {
            return sendError with { CaseCode = parent.Case!.Code };
        }

        var plan = await deadlines.PlanAsync(db, Happening(parent.Case!, referral), ct);
        var recipients = await RecipientsAsync(db, referral, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(ct);
        var pending = await RecordSentAsync(db, caller, parent.Case!, referral, recipients, now, ct);
        await deadlines.ApplyAsync(db, plan, Happening(parent.Case!, referral), now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await PushAsync(pending, ct);
        return OperationResult.Ok(referral.Id, parent.Case!.Code);
    }

    public Task<OperationResult> AcknowledgeAsync(Caller caller, int referralId, int version, CancellationToken ct = default) =>
        TransitionAsync(caller, referralId, version, Side.Receiver, (r, at) => r.Acknowledge(at), "acknowledged", NotificationTypes.ReferralAcknowledged, ct);

    public Task<OperationResult> AcceptAsync(Caller caller, int referralId, int version, CancellationToken ct = default) =>
        TransitionAsync(caller, referralId, version, Side.Receiver, (r, at) => r.Accept(at), "accepted", NotificationTypes.ReferralAccepted, ct);

    public Task<OperationResult> DeclineAsync(Caller caller, int referralId, int version, DeclineReason reason, string? note, CancellationToken ct = default) =>
        ReferralLimits.TooLong(ReferralLimits.Fields.DeclineNote, note, ReferralLimits.DeclineNote) is { } tooLong
            ? Task.FromResult(tooLong)
            : TransitionAsync(caller, referralId, version, Side.Receiver, (r, at) => r.Decline(reason, Clean(note), at), "declined", NotificationTypes.ReferralDeclined, ct);

    public Task<OperationResult> StartAsync(Caller caller, int referralId, int version, CancellationToken ct = default) =>
        TransitionAsync(caller, referralId, version, Side.Receiver, (r, at) => r.Start(at), "started", NotificationTypes.ReferralStarted, ct);

    public Task<OperationResult> CompleteAsync(Caller caller, int referralId, int version, Outcome outcome, UnsuccessfulReason? reason, IReadOnlyList<ServiceType> delivered, CancellationToken ct = default) =>
        TransitionAsync(caller, referralId, version, Side.Receiver, (r, at) => r.Complete(outcome, reason, delivered, at), "done", NotificationTypes.ReferralDone, ct);

    public Task<OperationResult> RevokeAsync(Caller caller, int referralId, int version, CancellationToken ct = default) =>
        TransitionAsync(caller, referralId, version, Side.Sender, (r, at) => r.Revoke(at), "revoked", NotificationTypes.ReferralRevoked, ct);

    /// <summary>
    /// One page of the caller's referrals, filtered and sorted by the database. Dates are days in <paramref name="zone"/>
    /// (the country's), inclusive. Audited as one list read unless <paramref name="audit"/> is false (a live refresh of a
    /// view already read is not a new read).
    /// </summary>
    public async Task<ReferralPage> QueryAsync(Caller caller, ReferralQuery q, TimeZoneInfo zone, bool audit = true, CancellationToken ct = default)
    {
        if (q.Scope == ReferralScope.All && !caller.IsCoordinator && !caller.IsAdmin)
        {
            return new ReferralPage([], 0);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        IQueryable<Referral> query = q.Scope switch
        {
            ReferralScope.Incoming => db.Referrals.Where(r => r.ToActorId == caller.ActorId && r.State != ReferralState.Draft),
            ReferralScope.Outgoing => db.Referrals.Where(r => r.FromActorId == caller.ActorId),
            _ => db.Referrals,
        };
        if (q.States is { Count: > 0 } states)
        {
            query = query.Where(r => states.Contains(r.State));
        }

        if (q.Urgency is { } urgency)
        {
            query = query.Where(r => r.Urgency == urgency);
        }

        if (q.Service is { } service)
        {
            query = query.Where(r => r.Services.Contains(service));
        }

        if (q.SentFrom is { } from)
        {
            var fromUtc = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(r => (r.SentAtUtc ?? r.CreatedAtUtc) >= fromUtc);
        }

        if (q.SentTo is { } to)
        {
            var toUtc = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(r => (r.SentAtUtc ?? r.CreatedAtUtc) < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(q.Region))
        {
            query = query.Where(r => r.Case!.Profile!.RegionIdentified == q.Region);
        }

        if (!string.IsNullOrWhiteSpace(q.CaseCode))
        {
            // Codes are upper-case; people type them any way. A prefix is enough to find one among thousands.
            var code = q.CaseCode.Trim().ToUpperInvariant();
            query = query.Where(r => r.Case!.Code.StartsWith(code));
        }

        var total = await query.CountAsync(ct);
        query = (q.Sort, q.Descending) switch
        {
            (ReferralSort.Oldest, _) => query.OrderBy(r => r.Id),
            (ReferralSort.CaseCode, false) => query.OrderBy(r => r.Case!.Code).ThenByDescending(r => r.Id),
            (ReferralSort.CaseCode, true) => query.OrderByDescending(r => r.Case!.Code).ThenByDescending(r => r.Id),
            // States and urgencies are stored by name, which would sort Emergency before Routine: they sort by rank.
            (ReferralSort.State, false) => query.OrderBy(StateRank).ThenByDescending(r => r.Id),
            (ReferralSort.State, true) => query.OrderByDescending(StateRank).ThenByDescending(r => r.Id),
            (ReferralSort.Urgency, false) => query.OrderBy(UrgencyRank).ThenByDescending(r => r.Id),
            (ReferralSort.Urgency, true) => query.OrderByDescending(UrgencyRank).ThenByDescending(r => r.Id),
            (ReferralSort.LastChange, false) => query.OrderBy(r => r.RevokedAtUtc ?? r.DoneAtUtc ?? r.StartedAtUtc ?? r.DeclinedAtUtc ?? r.AcceptedAtUtc ?? r.AcknowledgedAtUtc ?? r.SentAtUtc ?? r.CreatedAtUtc).ThenBy(r => r.Id),
            (ReferralSort.LastChange, true) => query.OrderByDescending(r => r.RevokedAtUtc ?? r.DoneAtUtc ?? r.StartedAtUtc ?? r.DeclinedAtUtc ?? r.AcceptedAtUtc ?? r.AcknowledgedAtUtc ?? r.SentAtUtc ?? r.CreatedAtUtc).ThenByDescending(r => r.Id),
            _ => query.OrderByDescending(r => r.Id),
        };
        var take = Math.Clamp(q.Take, 1, ReferralQuery.MaxTake);
        var rows = await Project(query.Skip(Math.Max(0, q.Skip)).Take(take)).ToListAsync(ct);
        if (audit)
        {
            await AuditListAsync(db, caller, q.Scope.ToString().ToLowerInvariant(), rows.Count, ct);
        }

        return new ReferralPage(rows, total);
    }

    // Lists hold case codes and states only, but they are still case data: one row per read, not per case.
    private async Task AuditListAsync(NrmDbContext db, Caller caller, string scope, int count, CancellationToken ct)
    {
        AuditLog.Record(db, Now, Who(caller), "referrals.list", "ReferralList", scope, after: new { count });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The pseudonymous summary of one referral, for live updates; null when the caller's actor is not a party.</summary>
    public async Task<ReferralSummary?> FindSummaryAsync(Caller caller, int referralId, CancellationToken ct = default) =>
        (await FindSummariesAsync(caller, [referralId], ct)).GetValueOrDefault(referralId);

    /// <summary>
    /// The summaries of several referrals in one read (an open list applying a batch of notifications), keyed by id;
    /// those the caller may not see are simply absent, as if they did not exist.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, ReferralSummary>> FindSummariesAsync(Caller caller, IReadOnlyCollection<int> referralIds, CancellationToken ct = default) =>
        (await SummariesForLiveUpdatesAsync(dbFactory, referralIds, ct)).Where(s => MaySee(caller, s)).ToDictionary(s => s.Id);

    /// <summary>Who may see a referral's pseudonymous summary: the actors on its two sides, coordinators and administrators.</summary>
    public static bool MaySee(Caller caller, ReferralSummary summary) =>
        summary.FromActorId == caller.ActorId || summary.ToActorId == caller.ActorId || caller.IsCoordinator || caller.IsAdmin;

    /// <summary>
    /// The summaries of several referrals for nobody in particular: the live path reads them once per delivery pass
    /// for every open page it is about to notify, and each page keeps only those <see cref="MaySee"/> allows its user
    /// (issue 13: one read per open page per notification was two thirds of a page's live update). Never shown as
    /// they are; not audited, like the live refreshes they serve. Static, because the notifier this service depends on
    /// is the one that calls it.
    /// </summary>
    public static async Task<IReadOnlyList<ReferralSummary>> SummariesForLiveUpdatesAsync(
        IDbContextFactory<NrmDbContext> dbFactory, IReadOnlyCollection<int> referralIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Referrals.Where(r => referralIds.Contains(r.Id))).ToListAsync(ct);
    }

    /// <summary>
    /// A coordinator's view of one referral: the pseudonymous summary and its events, never the person's profile.
    /// Null (→ 404) for anyone but coordinators and administrators. Audited like every read of case data.
    /// </summary>
    public async Task<ReferralOverview?> GetOverviewAsync(Caller caller, int referralId, CancellationToken ct = default)
    {
        if (!caller.IsCoordinator && !caller.IsAdmin)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var summary = await Project(db.Referrals.Where(r => r.Id == referralId)).SingleOrDefaultAsync(ct);
        if (summary is null)
        {
            return null;
        }

        var events = await db.ReferralEvents.AsNoTracking().Where(e => e.ReferralId == referralId).OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
            .Select(e => new TimelineEntry(e.ReferralId, e.Type, e.AtUtc, e.ByActorId)).ToListAsync(ct);
        AuditLog.Record(db, Now, Who(caller), "referral.overview.read", "Referral", referralId.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.CaseCode);
        await db.SaveChangesAsync(ct);
        return new ReferralOverview(summary, events);
    }

    /// <summary>
    /// The case with personal profile and referral chain, or null (→ 404) unless the caller's actor is party to it.
    /// Audited, unless <paramref name="audit"/> is false: an open case page re-reading itself because its case changed
    /// is the same view, not a new read (issue 13); the page's first read was recorded.
    /// </summary>
    public async Task<CaseView?> GetCaseAsync(Caller caller, string caseCode, CancellationToken ct = default, bool audit = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var @case = await db.Cases.AsNoTracking().Include(c => c.Profile).Include(c => c.Referrals)
            .SingleOrDefaultAsync(c => c.Code == caseCode, ct);
        var now = Now;
        if (@case is null || !await IsPartyAsync(db, @case.Id, caller.ActorId, ct))
        {
            // Refused reads are audited too: probing for case codes is worth knowing about.
            if (audit)
            {
                AuditLog.Record(db, now, Who(caller), "case.read.refused", "Case", Limit(caseCode, 100) ?? "", null);
                await db.SaveChangesAsync(ct);
            }

            return null;
        }

        var timeline = await db.ReferralEvents.AsNoTracking().Where(e => e.CaseId == @case.Id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
            .Select(e => new TimelineEntry(e.ReferralId, e.Type, e.AtUtc, e.ByActorId)).ToListAsync(ct);
        if (audit)
        {
            AuditLog.Record(db, now, Who(caller), "case.read", "Case", @case.Code, @case.Code);
            await db.SaveChangesAsync(ct);
        }

        return new CaseView(@case.Id, @case.Code, @case.OpenedByActorId, @case.OpenedAtUtc, @case.Profile!, @case.Referrals.OrderBy(r => r.Id).ToList(), timeline);
    }

    /// <summary>The case code of a referral the caller's actor is party to; null otherwise.</summary>
    public async Task<string?> CaseCodeForAsync(Caller caller, int referralId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hit = await db.Referrals.Where(r => r.Id == referralId).Select(r => new { r.CaseId, r.Case!.Code }).SingleOrDefaultAsync(ct);
        return hit is not null && await IsPartyAsync(db, hit.CaseId, caller.ActorId, ct) ? hit.Code : null;
    }

    /// <summary>
    /// Party to a case: the actor that opened it, every sender, and every receiver whose referral is still live.
    /// A receiver that declined, or whose referral was revoked, no longer needs to know.
    /// </summary>
    public static Task<bool> IsPartyAsync(NrmDbContext db, int caseId, int actorId, CancellationToken ct) =>
        db.Cases.AnyAsync(c => c.Id == caseId && (c.OpenedByActorId == actorId
            || c.Referrals.Any(r => r.FromActorId == actorId
                || (r.ToActorId == actorId && r.State != ReferralState.Declined && r.State != ReferralState.Revoked && r.State != ReferralState.Draft))), ct);

    private static IQueryable<ReferralSummary> Project(IQueryable<Referral> query) =>
        query.Select(r => new ReferralSummary(
            r.Id, r.Case!.Code, r.FromActorId, r.ToActorId, r.Services, r.Urgency, r.State, r.CreatedAtUtc, r.SentAtUtc,
            r.RevokedAtUtc ?? r.DoneAtUtc ?? r.StartedAtUtc ?? r.DeclinedAtUtc ?? r.AcceptedAtUtc ?? r.AcknowledgedAtUtc ?? r.SentAtUtc ?? r.CreatedAtUtc,
            r.Version));

    private async Task<OperationResult> TransitionAsync(
        Caller caller, int referralId, int expectedVersion, Side side, Action<Referral, DateTime> apply, string eventType, string notificationType, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var referral = await db.Referrals.Include(r => r.Case).SingleOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null)
        {
            return OperationResult.NotFound;
        }

        var ownSide = side == Side.Receiver ? referral.ToActorId : referral.FromActorId;
        if (ownSide != caller.ActorId)
        {
            return await IsPartyAsync(db, referral.CaseId, caller.ActorId, ct)
                ? OperationResult.Fail("Referral.NotYourSide", side == Side.Receiver ? "Only the receiving actor can do this." : "Only the sending actor can do this.")
                : OperationResult.NotFound;
        }

        if (referral.Version != expectedVersion)
        {
            return OperationResult.Fail("Referral.ChangedByOther", "Someone else changed this referral a moment ago; it now shows its current state.");
        }

        var now = Now;
        var before = new { referral.State, referral.Version };
        try
        {
            apply(referral, now);
        }
        catch (ReferralRuleException e)
        {
            return OperationResult.Fail(e.Code, e.Message);
        }

        db.ReferralEvents.Add(new ReferralEvent { ReferralId = referral.Id, CaseId = referral.CaseId, Type = eventType, AtUtc = now, ByUserId = caller.UserId, ByActorId = caller.ActorId });
        AuditLog.Record(db, now, Who(caller), $"referral.{eventType}", "Referral", referral.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), referral.Case!.Code, before, new { referral.State, referral.Version });
        var otherSide = side == Side.Receiver ? referral.FromActorId : referral.ToActorId;
        var pending = await NotifyActorAsync(db, otherSide, notificationType, referral.Id, referral.Case.Code, now, ct);
        pending.AddRange(await NotifyActorAsync(db, caller.ActorId, notificationType, referral.Id, referral.Case.Code, now, ct, exceptUserId: caller.UserId));
        await deadlines.ApplyAsync(db, new ReferralHappening(referral.CaseId, referral.Case.OpenedByActorId, referral.Id, referral.FromActorId, referral.ToActorId, eventType), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two staff of the same actor acted at the same moment: the other one's change was saved first.
            return OperationResult.Fail("Referral.ChangedByOther", "Someone else changed this referral a moment ago; it now shows its current state.");
        }

        await PushAsync(pending, ct);
        return OperationResult.Ok(referral.Id, referral.Case.Code);
    }

    private static ReferralHappening Happening(Case @case, Referral referral, bool opensCase = false) =>
        new(@case.Id, @case.OpenedByActorId, referral.Id, referral.FromActorId, referral.ToActorId, "sent", opensCase);

    /// <summary>The users a sent referral notifies: the receiving actor's, and the sending unit's for their open lists.</summary>
    private sealed record Recipients(List<string> Receivers, List<string> Colleagues);

    /// <summary>
    /// One read of both actors' users, made before the write transaction. An account added between this read and the
    /// commit misses only the live signal; the referral is in its lists all the same.
    /// </summary>
    private static async Task<Recipients> RecipientsAsync(NrmDbContext db, Referral referral, CancellationToken ct)
    {
        var users = await db.Users.Where(u => u.ActorId == referral.ToActorId || u.ActorId == referral.FromActorId)
            .Select(u => new { u.Id, u.ActorId }).ToListAsync(ct);
        return new Recipients(
            [.. users.Where(u => u.ActorId == referral.ToActorId).Select(u => u.Id)],
            [.. users.Where(u => u.ActorId == referral.FromActorId).Select(u => u.Id)]);
    }

    private static async Task<List<Notification>> RecordSentAsync(NrmDbContext db, Caller caller, Case @case, Referral referral, Recipients recipients, DateTime now, CancellationToken ct)
    {
        db.ReferralEvents.Add(new ReferralEvent { ReferralId = referral.Id, CaseId = @case.Id, Type = "sent", AtUtc = now, ByUserId = caller.UserId, ByActorId = caller.ActorId });
        AuditLog.Record(db, now, Who(caller), "referral.sent", "Referral", referral.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), @case.Code,
            after: new { referral.State, referral.FromActorId, referral.ToActorId, referral.Services, referral.Consent });
        var notifications = recipients.Receivers
            .Select(u => new Notification { UserId = u, Type = NotificationTypes.ReferralReceived, ReferralId = referral.Id, CaseCode = @case.Code, AtUtc = now }).ToList();
        await AddedRows.InsertAllAsync(db, notifications, ct);
        notifications.AddRange(recipients.Colleagues.Select(u => new Notification { UserId = u, Type = NotificationTypes.ReferralListed, ReferralId = referral.Id, CaseCode = @case.Code, AtUtc = now }));
        return notifications;
    }

    private static async Task<List<Notification>> NotifyActorAsync(NrmDbContext db, int actorId, string type, int referralId, string caseCode, DateTime now, CancellationToken ct, string? exceptUserId = null)
    {
        var users = await db.Users.Where(u => u.ActorId == actorId && u.Id != exceptUserId).Select(u => u.Id).ToListAsync(ct);
        var notifications = users.Select(u => new Notification { UserId = u, Type = type, ReferralId = referralId, CaseCode = caseCode, AtUtc = now }).ToList();
        await AddedRows.InsertAllAsync(db, notifications, ct);
        return notifications;
    }

    /// <summary>Live delivery is best effort: the rows are already committed, so a failure here loses nothing.</summary>
    private async Task PushAsync(List<Notification> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0)
        {
            return;
        }

        try
        {
            await notifier.PushAsync(notifications, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Live delivery of {Count} notifications failed; they stay stored for the recipients", notifications.Count);
        }
    }

    private static Referral NewReferralEntity(NewReferral input, int fromActorId, int? parentId, DateTime now) => new()
    {
        FromActorId = fromActorId,
        ToActorId = input.ToActorId,
        ParentReferralId = parentId,
        Services = input.Services.Distinct().ToList(),
        Urgency = input.Urgency,
        ReasonText = Clean(input.Reason),
        Consent = input.Consent,
        ConsentOverrideReason = Clean(input.ConsentOverrideReason),
        CreatedAtUtc = now,
    };

    private static OperationResult? Send(Referral referral, DateTime now)
    {
        try
        {
            referral.Send(now);
            return null;
        }
        catch (ReferralRuleException e)
        {
            return OperationResult.Fail(e.Code, e.Message);
        }
    }

    /// <summary>The receiver must be one the graph offers for every requested service (routing service, issue 3).</summary>
    private async Task<OperationResult?> ValidateRouteAsync(int fromActorId, NewReferral input, string? region, CancellationToken ct)
    {
        if (input.Services.Count == 0 || input.Services.Any(s => !Enum.IsDefined(s)))
        {
            return OperationResult.Fail("Referral.NoServices", "Name at least one known service.") with { Field = "services" };
        }

        if (!Enum.IsDefined(input.Urgency))
        {
            return OperationResult.Fail("Referral.Invalid", "urgency has an unknown value.") with { Field = "urgency" };
        }

        if (!Enum.IsDefined(input.Consent))
        {
            return OperationResult.Fail("Referral.Invalid", "consent has an unknown value.") with { Field = "consent" };
        }

        var nrm = await graph.GetAsync(ct);
        foreach (var service in input.Services.Distinct())
        {
            if (!nrm.SuggestReceivers(fromActorId, service, region).Any(c => c.ActorId == input.ToActorId))
            {
                return OperationResult.Fail("Referral.ReceiverNotOffered", $"The NRM has no channel from your organisation to this receiver for {service}.");
            }
        }

        return null;
    }

    private OperationResult? ValidatePerson(PersonInput person)
    {
        var unknown = !Enum.IsDefined(person.AgeGroup) ? "person.ageGroup"
            : !Enum.IsDefined(person.Sex) ? "person.sex"
            : !Enum.IsDefined(person.ExploitationForm) ? "person.exploitationForm"
            : person.Vulnerabilities.Any(v => !Enum.IsDefined(v)) ? "person.vulnerabilities"
            : null;
        if (unknown is not null)
        {
            return OperationResult.Fail("Person.Invalid", $"{unknown} has an unknown value.") with { Field = unknown };
        }

        if (person.RegionIdentified is not null && !profile.Regions.Contains(person.RegionIdentified))
        {
            return OperationResult.Fail("Person.Region", "The region is not a region of this country profile.") with { Field = ReferralLimits.Fields.Region };
        }

        if (person.DateOfBirth is { } dob && dob > DateOnly.FromDateTime(Now))
        {
            return OperationResult.Fail("Person.DateOfBirth", "The date of birth is in the future.") with { Field = ReferralLimits.Fields.DateOfBirth };
        }

        // A typing slip (1026 for 2026), not a person: refused rather than stored as an age of a thousand years.
        if (person.DateOfBirth is { Year: < EarliestBirthYear })
        {
            return OperationResult.Fail("Person.DateOfBirthTooEarly", $"A date of birth before {EarliestBirthYear} is not possible here.") with { Field = ReferralLimits.Fields.DateOfBirth };
        }

        return ReferralLimits.TooLong(ReferralLimits.Fields.FullName, person.FullName, ReferralLimits.FullName)
            ?? ReferralLimits.TooLong(ReferralLimits.Fields.Nationality, person.Nationality, ReferralLimits.Nationality)
            ?? ReferralLimits.TooLong(ReferralLimits.Fields.Languages, person.Languages, ReferralLimits.Languages)
            ?? ReferralLimits.TooLong(ReferralLimits.Fields.Contact, person.Contact, ReferralLimits.Contact);
    }

    private static OperationResult? ValidateTexts(NewReferral input) =>
        ReferralLimits.TooLong(ReferralLimits.Fields.Reason, input.Reason, ReferralLimits.Reason)
        ?? ReferralLimits.TooLong(ReferralLimits.Fields.ConsentOverrideReason, input.ConsentOverrideReason, ReferralLimits.ConsentOverrideReason);

    /// <summary>Stored trimmed; text nobody could see (spaces, zero-width characters) is stored as nothing.</summary>
    private static string? Clean(string? text) => TextRules.IsBlank(text) ? null : text!.Trim();

    private async Task<string> NewCaseCodeAsync(NrmDbContext db, DateTime now, CancellationToken ct)
    {
        while (true)
        {
            var code = Case.NewCode(profile.Code, now);
            if (!await db.Cases.AnyAsync(c => c.Code == code, ct))
            {
                return code;
            }
        }
    }

    /// <summary>A referral's life from draft to done, then the two ways it ends without service.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Referral, int>> StateRank = r =>
        r.State == ReferralState.Draft ? 0
        : r.State == ReferralState.Sent ? 1
        : r.State == ReferralState.Acknowledged ? 2
        : r.State == ReferralState.Accepted ? 3
        : r.State == ReferralState.InProgress ? 4
        : r.State == ReferralState.Done ? 5
        : r.State == ReferralState.Declined ? 6
        : 7;

    private static readonly System.Linq.Expressions.Expression<Func<Referral, int>> UrgencyRank = r =>
        r.Urgency == Urgency.Routine ? 0 : r.Urgency == Urgency.Urgent ? 1 : 2;

    private static AuditUser Who(Caller caller) => new(caller.UserId, caller.ActorId);

    // An audit key, not data: a probe's 5 MB "case code" is recorded by its first characters.
    private static string? Limit(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
