using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;

namespace NrmHub.Core.WorkingGroups;

/// <summary>What every signed-in user may see of a group.</summary>
public sealed record GroupSummary(WorkingGroup Group, IReadOnlyList<int> MemberActorIds, bool IsMember, bool SeesDetails);

/// <summary>A member person as the group page shows them: display name and organisation, never an e-mail address.</summary>
public sealed record GroupPersonView(string UserId, string DisplayName, int ActorId);

/// <summary>A recorded meeting with who came and what was decided.</summary>
public sealed record MeetingView(Meeting Meeting, IReadOnlySet<int> Attended, IReadOnlyList<Decision> Decisions);

/// <summary>Everything of a group, for members and coordinators only.</summary>
public sealed record GroupDetails(
    WorkingGroup Group,
    IReadOnlyList<GroupPersonView> People,
    IReadOnlyList<MeetingView> Meetings,
    IReadOnlyList<ActionItem> Items,
    IReadOnlyList<Kpi> Kpis,
    IReadOnlyDictionary<int, IReadOnlyList<KpiMeasurement>> Measurements,
    IReadOnlySet<int> AbsentThreeRunning,
    GroupPermissions Can)
{
    public GroupMembership Membership { get; } = GroupMembership.Of(Group);

    /// <summary>The chair and the member actors: who may own an item, attend a meeting.</summary>
    public IReadOnlyList<int> GroupActorIds => [Group.ChairActorId, .. Group.Members.Select(m => m.ActorId)];
}

public sealed record GroupPermissions(bool Manage, bool Organise, bool Contribute);

internal static class GroupStore
{
    public static async Task<GroupMembership?> MembershipAsync(NrmDbContext db, int groupId, CancellationToken ct)
    {
        var group = await db.WorkingGroups.AsNoTracking().Where(g => g.Id == groupId)
            .Select(g => new { g.ChairActorId, g.Status, Members = g.Members.Select(m => m.ActorId).ToList(), People = g.People.Select(p => p.UserId).ToList() })
            .SingleOrDefaultAsync(ct);
        return group is null ? null : new GroupMembership(group.ChairActorId, group.Members.ToHashSet(), group.People.ToHashSet(StringComparer.Ordinal), group.Status);
    }

    /// <summary>
    /// Everyone who may have the group's board open: staff of the chair and member actors, member people, coordinators
    /// and administrators. A board change is pushed to each of them.
    /// </summary>
    public static async Task<List<string>> AudienceAsync(NrmDbContext db, GroupMembership group, CancellationToken ct)
    {
        var actors = group.MemberActorIds.Append(group.ChairActorId).ToList();
        var roleIds = db.Roles.Where(r => r.Name == Roles.Coordinator || r.Name == Roles.Admin).Select(r => r.Id);
        var byRole = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        var users = await db.Users.Where(u => actors.Contains(u.ActorId) || byRole.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        return users.Concat(group.PersonIds).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Member actors absent from each of the last three meetings. Only meetings held since the actor could have come
    /// count; a group with fewer than three meetings flags nobody.
    /// </summary>
    public static IReadOnlySet<int> AbsentThreeRunning(IEnumerable<int> memberActorIds, IReadOnlyList<MeetingView> meetingsNewestFirst)
    {
        if (meetingsNewestFirst.Count < 3)
        {
            return new HashSet<int>();
        }

        var lastThree = meetingsNewestFirst.Take(3).ToList();
        return memberActorIds.Where(a => lastThree.All(m => !m.Attended.Contains(a))).ToHashSet();
    }

    public static async Task<Dictionary<int, Actor>> ActorsAsync(NrmDbContext db, CancellationToken ct) =>
        await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
}
