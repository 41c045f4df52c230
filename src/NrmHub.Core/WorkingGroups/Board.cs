using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

/// <summary>
/// A group's board: action items as cards in four columns. Each card carries a version; a move or edit made from
/// an outdated card is refused and the person told where the card is now, so of two simultaneous moves one wins.
/// Every change is audited and pushed to everyone who may have the board open (<see cref="NotificationTypes.BoardChanged"/>,
/// through the same <see cref="INotifier"/> as referrals); the card's deadline is kept on the shared sweep.
/// </summary>
public sealed class Board(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, WorkingCalendar calendar, INotifier notifier, ILogger<Board> log)
{
    public const string ItemEntity = "ActionItem";

    /// <summary>How long before the end of its due day an action item's owner is reminded.</summary>
    public static readonly TimeSpan RemindBefore = TimeSpan.FromDays(3);

    /// <summary>One card, for a page that was told it changed; null when it is gone or not the viewer's to see.</summary>
    public async Task<ActionItem?> ItemAsync(int itemId, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ActionItems.AsNoTracking().SingleOrDefaultAsync(a => a.Id == itemId, ct);
        if (item is null || await GroupStore.MembershipAsync(db, item.GroupId, ct) is not { } group || !GroupAccess.SeesDetails(group, viewer))
        {
            return null;
        }

        return item;
    }

    public async Task<FormResult> AddAsync(int groupId, ActionForm form, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await GroupStore.MembershipAsync(db, groupId, ct);
        if (group is null || !GroupAccess.SeesDetails(group, viewer))
        {
            return FormResult.NotFound;
        }

        if (!GroupAccess.Contributes(group, viewer))
        {
            return FormResult.Forbidden;
        }

        var checks = new FormChecks();
        await CheckAsync(db, checks, "", form, groupId, group, ct);
        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var item = Add(db, groupId, form, null, null, viewer, now);
        await db.SaveChangesAsync(ct);
        var stored = Created(db, [item], viewer, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await PushAsync(db, groupId, group, [item], now, ct, stored);
        return FormResult.Ok(item.Id, item.Version, checks.Warnings);
    }

    /// <summary>Turns a recorded decision into action items, all in one step.</summary>
    public async Task<FormResult> AddFromDecisionAsync(int decisionId, IReadOnlyList<ActionForm> forms, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decision = await db.Decisions.AsNoTracking().Where(d => d.Id == decisionId)
            .Join(db.Meetings, d => d.MeetingId, m => m.Id, (d, m) => new { d.Id, d.MeetingId, m.GroupId }).SingleOrDefaultAsync(ct);
        var group = decision is null ? null : await GroupStore.MembershipAsync(db, decision.GroupId, ct);
        if (decision is null || group is null || !GroupAccess.SeesDetails(group, viewer))
        {
            return FormResult.NotFound;
        }

        if (!GroupAccess.Organises(group, viewer))
        {
            return FormResult.Forbidden;
        }

        var checks = new FormChecks();
        if (forms.Count == 0)
        {
            checks.Fail("Actions", FormErrorCodes.Required, "Add at least one action item.");
        }

        for (var i = 0; i < forms.Count; i++)
        {
            await CheckAsync(db, checks, $"Actions[{i}].", forms[i], decision.GroupId, group, ct);
        }

        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var items = forms.Select(f => Add(db, decision.GroupId, f, decision.MeetingId, decision.Id, viewer, now)).ToList();
        await db.SaveChangesAsync(ct);
        var stored = Created(db, items, viewer, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await PushAsync(db, decision.GroupId, group, items, now, ct, stored);
        return FormResult.Ok(items[0].Id, 0, checks.Warnings);
    }

    /// <summary>Moves a card to another column, if it is still where the mover saw it (<paramref name="version"/>).</summary>
    public Task<FormResult> MoveAsync(int itemId, BoardColumn to, int version, GroupViewer viewer, CancellationToken ct = default) =>
        ChangeAsync(itemId, version, viewer, "action.moved", (db, item, checks, now) =>
        {
            if (!Enum.IsDefined(to))
            {
                checks.Fail("Column", FormErrorCodes.Required, "Column must be To do, Doing, Blocked or Done.");
                return Task.CompletedTask;
            }

            Place(item, to, now);
            return Task.CompletedTask;
        }, ct);

    /// <summary>Edits a card's title, notes, owner, due date and links; a changed due date restarts its deadline.</summary>
    public Task<FormResult> EditAsync(int itemId, ActionForm form, int version, GroupViewer viewer, CancellationToken ct = default) =>
        ChangeAsync(itemId, version, viewer, "action.updated", async (db, item, checks, now) =>
        {
            var group = (await GroupStore.MembershipAsync(db, item.GroupId, ct))!;
            await CheckAsync(db, checks, "", form, item.GroupId, group, ct, item.DueOn);
            if (!checks.Ok)
            {
                return;
            }

            item.Title = form.Title.Trim();
            item.Notes = TextRules.IsBlank(form.Notes) ? null : form.Notes!.Trim();
            item.OwnerActorId = form.OwnerActorId!.Value;
            item.OwnerUserId = form.OwnerUserId;
            item.KpiId = form.KpiId;
            item.ConcernsActorId = form.ConcernsActorId;
            if (item.DueOn != form.DueOn!.Value)
            {
                item.DueOn = form.DueOn.Value;
                if (item.DoneAtUtc is null)
                {
                    item.Deadline?.StartClock(now, DueAtUtc(item.DueOn), DueAtUtc(item.DueOn) - RemindBefore);
                }
            }

            Place(item, form.Column, now);
        }, ct);

    /// <summary>Checks one action item form; the field names carry <paramref name="prefix"/> so a meeting form can point at the row.</summary>
    internal async Task CheckAsync(NrmDbContext db, FormChecks checks, string prefix, ActionForm form, int groupId, GroupMembership group, CancellationToken ct, DateOnly? currentDue = null)
    {
        checks.Text($"{prefix}Title", form.Title, GroupLimits.ActionTitle, required: true);
        checks.Text($"{prefix}Notes", form.Notes, GroupLimits.ActionNotes);
        var groupActors = group.MemberActorIds.Append(group.ChairActorId).ToHashSet();
        if (form.OwnerActorId is not { } owner)
        {
            checks.Fail($"{prefix}OwnerActorId", FormErrorCodes.Required, "Choose the organisation that owns this item.");
        }
        else if (!groupActors.Contains(owner))
        {
            checks.Fail($"{prefix}OwnerActorId", FormErrorCodes.NotMember, $"Actor {owner} is not the chair or a member of this group.");
        }

        if (form.OwnerUserId is { } person)
        {
            var ok = form.OwnerActorId is { } ownerActor && await db.Users.AnyAsync(u => u.Id == person && u.DisabledAtUtc == null && (u.ActorId == ownerActor || group.PersonIds.Contains(u.Id)), ct);
            if (!ok)
            {
                checks.Fail($"{prefix}OwnerUserId", FormErrorCodes.UnknownUser, "The owner person must be an active user of the owning organisation or a member person.");
            }
        }

        if (form.DueOn is null)
        {
            checks.Fail($"{prefix}DueOn", FormErrorCodes.Required, "The due date is required.");
        }

        if (!Enum.IsDefined(form.Column))
        {
            checks.Fail($"{prefix}Column", FormErrorCodes.Required, "Column must be To do, Doing, Blocked or Done.");
        }

        if (form.KpiId is { } kpi && !await db.Kpis.AnyAsync(k => k.Id == kpi && k.GroupId == groupId, ct))
        {
            checks.Fail($"{prefix}KpiId", FormErrorCodes.UnknownKpi, "The KPI must be one of this group's.");
        }

        if (form.ConcernsActorId is { } concerns && !await db.Actors.AnyAsync(a => a.Id == concerns, ct))
        {
            checks.Fail($"{prefix}ConcernsActorId", FormErrorCodes.UnknownActor, $"Actor {concerns} is not in the registry.");
        }
    }

    /// <summary>Adds a card and its deadline to the context (saved by the caller, in its transaction).</summary>
    internal ActionItem Add(NrmDbContext db, int groupId, ActionForm form, int? meetingId, int? decisionId, GroupViewer viewer, DateTime now)
    {
        var item = new ActionItem
        {
            GroupId = groupId,
            Title = form.Title.Trim(),
            Notes = TextRules.IsBlank(form.Notes) ? null : form.Notes!.Trim(),
            Column = BoardColumn.ToDo,
            OwnerActorId = form.OwnerActorId!.Value,
            OwnerUserId = form.OwnerUserId,
            DueOn = form.DueOn!.Value,
            MeetingId = meetingId,
            DecisionId = decisionId,
            KpiId = form.KpiId,
            ConcernsActorId = form.ConcernsActorId,
            CreatedAtUtc = now,
        };
        item.Deadline = new ActionItemDeadline();
        item.Deadline.StartClock(now, DueAtUtc(item.DueOn), DueAtUtc(item.DueOn) - RemindBefore);
        db.ActionItems.Add(item);
        Place(item, form.Column, now);
        return item;
    }

    /// <summary>
    /// What every way of creating cards does once they have ids: an audit entry each, and a stored notice for each
    /// owner person assigned by someone else. Returns the notices, to push after the commit.
    /// </summary>
    internal static List<Notification> Created(NrmDbContext db, IEnumerable<ActionItem> items, GroupViewer viewer, DateTime now)
    {
        var stored = new List<Notification>();
        foreach (var item in items)
        {
            AuditLog.Record(db, now, viewer.Audit, "action.created", ItemEntity, Key(item), after: Snapshot(item));
            stored.AddRange(Assigned(db, item, viewer, now));
        }

        return stored;
    }

    /// <summary>The end of the due day in the country's time zone: an item due on the 15th is overdue from the 16th.</summary>
    public DateTime DueAtUtc(DateOnly dueOn) => calendar.EndOfDayUtc(dueOn);

    /// <summary>Pushes the changed cards to every open board of the group, and the stored notices to their people.</summary>
    internal async Task PushAsync(NrmDbContext db, int groupId, GroupMembership group, IReadOnlyList<ActionItem> items, DateTime now, CancellationToken ct, IEnumerable<Notification>? stored = null)
    {
        try
        {
            var audience = await GroupStore.AudienceAsync(db, group, ct);
            var live = items.SelectMany(i => audience.Select(u => new Notification { UserId = u, Type = NotificationTypes.BoardChanged, GroupId = groupId, ActionItemId = i.Id, AtUtc = now }));
            await notifier.PushAsync([.. live, .. stored ?? []], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed; an open board that missed the push shows it at its next load.
            log.LogWarning(e, "Live delivery of a board change of group {GroupId} failed", groupId);
        }
    }

    private async Task<FormResult> ChangeAsync(int itemId, int version, GroupViewer viewer, string action, Func<NrmDbContext, ActionItem, FormChecks, DateTime, Task> change, CancellationToken ct)
    {
        // A clash with the sweep (it only writes the deadline row) is retried; a clash with another person is reported.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var item = await db.ActionItems.Include(a => a.Deadline).SingleOrDefaultAsync(a => a.Id == itemId, ct);
            var group = item is null ? null : await GroupStore.MembershipAsync(db, item.GroupId, ct);
            if (item is null || group is null || !GroupAccess.SeesDetails(group, viewer))
            {
                return FormResult.NotFound;
            }

            if (!GroupAccess.ChangesCard(group, viewer, item.OwnerActorId, item.OwnerUserId))
            {
                return FormResult.Forbidden;
            }

            if (item.Version != version)
            {
                return Stale(item);
            }

            var before = Snapshot(item);
            var ownerBefore = item.OwnerUserId;
            var now = clock.GetUtcNow().UtcDateTime;
            var checks = new FormChecks();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await change(db, item, checks, now);
            if (!checks.Ok)
            {
                return new FormResult(checks.Errors);
            }

            if (db.ChangeTracker.HasChanges())
            {
                item.Version++;
            }
            else
            {
                return FormResult.Ok(item.Id, item.Version);
            }

            AuditLog.Record(db, now, viewer.Audit, action, ItemEntity, Key(item), before: before, after: Snapshot(item));
            var stored = item.OwnerUserId != ownerBefore ? Assigned(db, item, viewer, now) : [];
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 3 && e.Entries.All(x => x.Entity is ActionItemDeadline))
            {
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Let go of the write lock before looking at what the winner saved.
                await tx.RollbackAsync(ct);
                await using var fresh = await dbFactory.CreateDbContextAsync(ct);
                var now2 = await fresh.ActionItems.AsNoTracking().SingleOrDefaultAsync(a => a.Id == itemId, ct);
                return now2 is null ? FormResult.NotFound : Stale(now2);
            }

            await PushAsync(db, item.GroupId, group, [item], now, ct, stored);
            return FormResult.Ok(item.Id, item.Version, checks.Warnings);
        }
    }

    private static FormResult Stale(ActionItem current) => new([new FormError("Column", FormErrorCodes.Stale,
        $"Someone else changed this card first; it is now in {current.Column}. Your change was not made.")], current.Id, current.Version);

    /// <summary>Puts a card in a column; Done closes its deadline, leaving Done reopens it.</summary>
    private void Place(ActionItem item, BoardColumn to, DateTime now)
    {
        var wasDone = item.DoneAtUtc is not null;
        item.Column = to;
        if (to == BoardColumn.Done && !wasDone)
        {
            item.DoneAtUtc = now;
            item.Deadline?.Close(now);
        }
        else if (to != BoardColumn.Done && wasDone)
        {
            item.DoneAtUtc = null;
            item.Deadline?.StartClock(now, DueAtUtc(item.DueOn), DueAtUtc(item.DueOn) - RemindBefore);
        }
    }

    /// <summary>A stored notice to the owner person that an item is now theirs (not when they assigned it themselves).</summary>
    private static List<Notification> Assigned(NrmDbContext db, ActionItem item, GroupViewer viewer, DateTime now)
    {
        if (item.OwnerUserId is not { } owner || owner == viewer.UserId)
        {
            return [];
        }

        var notice = new Notification { UserId = owner, Type = NotificationTypes.ActionAssigned, GroupId = item.GroupId, ActionItemId = item.Id, AtUtc = now };
        db.Notifications.Add(notice);
        return [notice];
    }

    private static string Key(ActionItem item) => item.Id.ToString(CultureInfo.InvariantCulture);

    private static object Snapshot(ActionItem a) => new { a.GroupId, a.Title, a.Notes, a.Column, a.OwnerActorId, a.OwnerUserId, a.DueOn, a.MeetingId, a.DecisionId, a.KpiId, a.ConcernsActorId };
}
