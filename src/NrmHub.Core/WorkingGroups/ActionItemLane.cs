using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

/// <summary>
/// Action-item deadlines on the shared sweep: due soon reminds the owner person (or, without one, the owning
/// organisation's staff); overdue escalates to the group's chair, once (a chain of one).
/// </summary>
internal sealed class ActionItemLane : DeadlineLane<ActionItemDeadline>
{
    private Dictionary<int, (int GroupId, int OwnerActorId, string? OwnerUserId, int ChairActorId)> items = [];

    public override string ReminderType => NotificationTypes.ActionReminder;

    public override string EscalationType => NotificationTypes.ActionEscalation;

    public override IQueryable<ActionItemDeadline> Due(NrmDbContext db, DateTime now) => DeadlineSweep.DueActions(db, now);

    public override async Task PrepareAsync(NrmDbContext db, IReadOnlyList<ActionItemDeadline> due, CancellationToken ct)
    {
        var ids = due.Select(d => d.ActionItemId).ToList();
        items = await db.ActionItems.Where(a => ids.Contains(a.Id))
            .Join(db.WorkingGroups, a => a.GroupId, g => g.Id, (a, g) => new { a.Id, a.GroupId, a.OwnerActorId, a.OwnerUserId, g.ChairActorId })
            .ToDictionaryAsync(x => x.Id, x => (x.GroupId, x.OwnerActorId, x.OwnerUserId, x.ChairActorId), ct);
    }

    public override (IReadOnlyList<int> Actors, IReadOnlyList<string> People) Owners(ActionItemDeadline item)
    {
        var a = items[item.ActionItemId];
        return a.OwnerUserId is { } person ? ([], [person]) : ([a.OwnerActorId], []);
    }

    public override int ChainLength(ActionItemDeadline item) => 1;

    public override int? TargetAt(ActionItemDeadline item, int level) => level == 1 ? items[item.ActionItemId].ChairActorId : null;

    public override Notification Message(ActionItemDeadline item, string userId, string type, DateTime now) =>
        new() { UserId = userId, Type = type, GroupId = items[item.ActionItemId].GroupId, ActionItemId = item.ActionItemId, AtUtc = now };
}
