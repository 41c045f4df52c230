using NrmHub.Core.Audit;

namespace NrmHub.Core.WorkingGroups;

/// <summary>Who is looking at or changing a group: the user, their organisation and the roles that matter here.</summary>
public sealed record GroupViewer(string UserId, int ActorId, bool IsCoordinator, bool IsAdmin)
{
    public AuditUser Audit => new(UserId, ActorId);
}

/// <summary>What a group's membership is, as the rules need it.</summary>
public sealed record GroupMembership(int ChairActorId, IReadOnlySet<int> MemberActorIds, IReadOnlySet<string> PersonIds, GroupStatus Status)
{
    /// <summary>The membership of a group loaded with its members and people.</summary>
    public static GroupMembership Of(WorkingGroup g) =>
        new(g.ChairActorId, g.Members.Select(m => m.ActorId).ToHashSet(), g.People.Select(p => p.UserId).ToHashSet(StringComparer.Ordinal), g.Status);
}

/// <summary>
/// Who may do what with a working group. Everyone signed in sees that a group exists, its purpose, chair and member
/// actors; the rest (people, meetings, minutes, board, KPIs) is for members and coordinators. Members are the chair's
/// and the member actors' staff, and the member people. A closed group is read-only.
/// </summary>
public static class GroupAccess
{
    public static bool IsMember(GroupMembership group, GroupViewer viewer) =>
        viewer.ActorId == group.ChairActorId || group.MemberActorIds.Contains(viewer.ActorId) || group.PersonIds.Contains(viewer.UserId);

    public static bool SeesDetails(GroupMembership group, GroupViewer viewer) =>
        viewer.IsAdmin || viewer.IsCoordinator || IsMember(group, viewer);

    /// <summary>Creates groups, edits them, their members and KPI definitions: coordinators and administrators.</summary>
    public static bool Manages(GroupViewer viewer) => viewer.IsAdmin || viewer.IsCoordinator;

    /// <summary>Records meetings and decisions: managers and the chair's staff.</summary>
    public static bool Organises(GroupMembership group, GroupViewer viewer) =>
        group.Status != GroupStatus.Closed && (Manages(viewer) || viewer.ActorId == group.ChairActorId);

    /// <summary>Adds cards and measurements: anyone who sees the details of a group that is not closed.</summary>
    public static bool Contributes(GroupMembership group, GroupViewer viewer) =>
        group.Status != GroupStatus.Closed && SeesDetails(group, viewer);

    /// <summary>Moves or edits a card: its owner (organisation or person) and the organisers.</summary>
    public static bool ChangesCard(GroupMembership group, GroupViewer viewer, int ownerActorId, string? ownerUserId) =>
        group.Status != GroupStatus.Closed
        && (Organises(group, viewer) || (SeesDetails(group, viewer) && (viewer.ActorId == ownerActorId || viewer.UserId == ownerUserId)));
}
