using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

/// <summary>
/// Working groups and their meetings (issue 11). Every change is validated with field and limit, checked against
/// <see cref="GroupAccess"/> and saved with its audit entry in one SaveChanges. Details go only to those who may see
/// them; anyone else gets null, which the pages and exports answer with 404.
/// </summary>
public sealed partial class GroupService(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, CountryProfile profile, WorkingCalendar calendar, Board board)
{
    public const string GroupEntity = "WorkingGroup";
    public const string MeetingEntity = "Meeting";

    public async Task<IReadOnlyList<GroupSummary>> ListAsync(GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.WorkingGroups.AsNoTracking().Include(g => g.Members).Include(g => g.People).ToListAsync(ct);
        return groups.Select(g => Summary(g, viewer)).OrderBy(s => s.Group.Status == GroupStatus.Closed).ThenBy(s => s.Group.NameEn, StringComparer.Ordinal).ToList();
    }

    /// <summary>The public part of one group; null only when there is no such group.</summary>
    public async Task<GroupSummary?> SummaryAsync(int id, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.WorkingGroups.AsNoTracking().Include(g => g.Members).Include(g => g.People).SingleOrDefaultAsync(g => g.Id == id, ct);
        return group is null ? null : Summary(group, viewer);
    }

    /// <summary>Everything of a group, or null for no such group and for a viewer who may not see its details.</summary>
    public async Task<GroupDetails?> DetailsAsync(int id, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.WorkingGroups.AsNoTracking().Include(g => g.Members).Include(g => g.People).SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null || !GroupAccess.SeesDetails(GroupMembership.Of(group), viewer))
        {
            return null;
        }

        var personIds = group.People.Select(p => p.UserId).ToList();
        var people = await db.Users.AsNoTracking().Where(u => personIds.Contains(u.Id)).OrderBy(u => u.DisplayName)
            .Select(u => new GroupPersonView(u.Id, u.DisplayName, u.ActorId)).ToListAsync(ct);
        var meetings = (await db.Meetings.AsNoTracking().Include(m => m.Attendance).Include(m => m.Decisions)
            .Where(m => m.GroupId == id).ToListAsync(ct))
            .OrderByDescending(m => m.StartsAtUtc)
            .Select(m => new MeetingView(m, m.Attendance.Select(a => a.ActorId).ToHashSet(), m.Decisions.OrderBy(d => d.Position).ToList()))
            .ToList();
        var items = await db.ActionItems.AsNoTracking().Where(a => a.GroupId == id).OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        var kpis = await db.Kpis.AsNoTracking().Where(k => k.GroupId == id).OrderBy(k => k.Id).ToListAsync(ct);
        var kpiIds = kpis.Select(k => k.Id).ToList();
        var measurements = (await db.KpiMeasurements.AsNoTracking().Where(m => kpiIds.Contains(m.KpiId)).ToListAsync(ct))
            .GroupBy(m => m.KpiId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<KpiMeasurement>)g.OrderBy(m => m.On).ThenBy(m => m.Id).ToList());
        var membership = GroupMembership.Of(group);
        return new GroupDetails(
            group, people, meetings, items, kpis, measurements,
            GroupStore.AbsentThreeRunning(group.Members.Select(m => m.ActorId), meetings),
            new GroupPermissions(GroupAccess.Manages(viewer), GroupAccess.Organises(membership, viewer), GroupAccess.Contributes(membership, viewer)));
    }

    /// <summary>The group as its editor opens it, or null for a viewer who may not manage groups.</summary>
    public async Task<GroupForm?> LoadFormAsync(int id, GroupViewer viewer, CancellationToken ct = default)
    {
        if (!GroupAccess.Manages(viewer))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var g = await db.WorkingGroups.AsNoTracking().Include(x => x.Members).Include(x => x.People).SingleOrDefaultAsync(x => x.Id == id, ct);
        return g is null ? null : new GroupForm
        {
            Id = g.Id,
            NameEn = g.NameEn,
            NameAz = g.NameAz,
            NameRu = g.NameRu,
            Kind = g.Kind,
            Pillar = g.Pillar,
            Topic = g.Topic,
            Purpose = g.Purpose,
            PurposeText = g.PurposeText,
            ChairActorId = g.ChairActorId,
            MemberActorIds = g.Members.Select(m => m.ActorId).ToList(),
            MemberUserIds = g.People.Select(p => p.UserId).ToList(),
            Region = g.Region,
            Status = g.Status,
            TermsOfReference = g.TermsOfReference,
            Version = g.Version,
        };
    }

    public async Task<FormResult> SaveAsync(GroupForm form, GroupViewer viewer, CancellationToken ct = default)
    {
        if (!GroupAccess.Manages(viewer))
        {
            return FormResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checks = new FormChecks();
        var nameEn = checks.Text(nameof(form.NameEn), form.NameEn, GroupLimits.Name, required: true);
        var nameAz = checks.Text(nameof(form.NameAz), form.NameAz, GroupLimits.Name);
        var nameRu = checks.Text(nameof(form.NameRu), form.NameRu, GroupLimits.Name);
        var topic = checks.Text(nameof(form.Topic), form.Topic, GroupLimits.Topic);
        var purposeText = checks.Text(nameof(form.PurposeText), form.PurposeText, GroupLimits.PurposeText);
        var tor = checks.Text(nameof(form.TermsOfReference), form.TermsOfReference, GroupLimits.LongText);
        if (form.Kind is null || !Enum.IsDefined(form.Kind.Value))
        {
            checks.Fail(nameof(form.Kind), FormErrorCodes.Required, "Kind is required.");
        }

        if (form.Purpose is null || !Enum.IsDefined(form.Purpose.Value))
        {
            checks.Fail(nameof(form.Purpose), FormErrorCodes.Required, "Purpose is required.");
        }

        if (form.Status is null || !Enum.IsDefined(form.Status.Value))
        {
            checks.Fail(nameof(form.Status), FormErrorCodes.Required, "Status is required.");
        }

        if (form.Pillar is { } pillar && !Enum.IsDefined(pillar))
        {
            checks.Fail(nameof(form.Pillar), FormErrorCodes.Required, "Pillar is not one of the 4P pillars.");
        }

        if (form.Pillar is null && topic is null)
        {
            checks.Fail(nameof(form.Topic), FormErrorCodes.ThemeRequired, "Choose a 4P pillar or name a topic.");
        }

        var region = TextRules.IsBlank(form.Region) ? null : form.Region!.Trim();
        if (region is not null && !profile.Regions.Contains(region))
        {
            checks.Fail(nameof(form.Region), FormErrorCodes.UnknownRegion, $"'{region}' is not a region of this country profile.");
        }
        else if (region is null && form.Kind == GroupKind.RegionalTaskForce)
        {
            checks.Fail(nameof(form.Region), FormErrorCodes.RegionRequired, "A regional task force needs its region.");
        }

        var actorIds = (await db.Actors.Where(a => a.IsActive).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        if (form.ChairActorId is not { } chair || !actorIds.Contains(chair))
        {
            checks.Fail(nameof(form.ChairActorId), form.ChairActorId is null ? FormErrorCodes.Required : FormErrorCodes.UnknownActor, "Choose the chair from the actor registry.");
        }

        var members = form.MemberActorIds.Distinct().Where(a => a != form.ChairActorId).ToList();
        foreach (var unknown in members.Where(a => !actorIds.Contains(a)))
        {
            checks.Fail(nameof(form.MemberActorIds), FormErrorCodes.UnknownActor, $"Actor {unknown} is not an active actor of the registry.");
        }

        var people = form.MemberUserIds.Distinct(StringComparer.Ordinal).ToList();
        var knownPeople = await db.Users.Where(u => people.Contains(u.Id) && u.DisabledAtUtc == null).Select(u => u.Id).ToListAsync(ct);
        if (knownPeople.Count != people.Count)
        {
            checks.Fail(nameof(form.MemberUserIds), FormErrorCodes.UnknownUser, "A member person is not an active user account.");
        }

        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        WorkingGroup group;
        object? before = null;
        if (form.Id is { } id)
        {
            var found = await db.WorkingGroups.Include(g => g.Members).Include(g => g.People).SingleOrDefaultAsync(g => g.Id == id, ct);
            if (found is null)
            {
                return FormResult.NotFound;
            }

            if (found.Version != form.Version)
            {
                return FormResult.Fail("", FormErrorCodes.Stale, "Someone else changed this group in the meantime. Reload it and make your change again.");
            }

            group = found;
            before = Snapshot(group);
            group.Version++;
        }
        else
        {
            group = new WorkingGroup { Code = await NewCodeAsync(db, nameEn!, ct), NameEn = nameEn!, CreatedAtUtc = now };
            db.WorkingGroups.Add(group);
        }

        group.NameEn = nameEn!;
        group.NameAz = nameAz;
        group.NameRu = nameRu;
        group.Kind = form.Kind!.Value;
        group.Pillar = form.Pillar;
        group.Topic = topic;
        group.Purpose = form.Purpose!.Value;
        group.PurposeText = purposeText;
        group.ChairActorId = form.ChairActorId!.Value;
        group.Region = region;
        group.Status = form.Status!.Value;
        group.TermsOfReference = tor;
        group.Members.RemoveAll(m => !members.Contains(m.ActorId));
        group.Members.AddRange(members.Where(a => group.Members.All(m => m.ActorId != a)).Select(a => new GroupMember { ActorId = a }));
        group.People.RemoveAll(p => !people.Contains(p.UserId));
        group.People.AddRange(people.Where(u => group.People.All(p => p.UserId != u)).Select(u => new GroupPerson { UserId = u }));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FormResult.Fail("", FormErrorCodes.Stale, "Someone else changed this group in the meantime. Reload it and make your change again.");
        }

        AuditLog.Record(db, now, viewer.Audit, before is null ? "group.created" : "group.updated", GroupEntity, group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: before, after: Snapshot(group));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return FormResult.Ok(group.Id, group.Version, checks.Warnings);
    }

    /// <summary>
    /// Records a held meeting with attendance, minutes and decisions; each decision's action items are created with
    /// it, in one transaction, and go onto the board (pushed live) and onto the deadline sweep.
    /// </summary>
    public async Task<FormResult> RecordMeetingAsync(int groupId, MeetingForm form, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var membership = await GroupStore.MembershipAsync(db, groupId, ct);
        if (membership is null || !GroupAccess.SeesDetails(membership, viewer))
        {
            return FormResult.NotFound;
        }

        if (!GroupAccess.Organises(membership, viewer))
        {
            return FormResult.Forbidden;
        }

        var checks = new FormChecks();
        var place = checks.Text(nameof(form.Place), form.Place, GroupLimits.Place);
        var minutes = checks.Text(nameof(form.Minutes), form.Minutes, GroupLimits.LongText);
        if (form.StartsLocal is null)
        {
            checks.Fail(nameof(form.StartsLocal), FormErrorCodes.Required, "When the meeting started is required.");
        }

        if (form.EndsLocal is null)
        {
            checks.Fail(nameof(form.EndsLocal), FormErrorCodes.Required, "When the meeting ended is required.");
        }
        else if (form.StartsLocal is { } s && form.EndsLocal <= s)
        {
            checks.Fail(nameof(form.EndsLocal), FormErrorCodes.EndBeforeStart, "The meeting must end after it starts.");
        }

        if (!form.Online && place is null)
        {
            checks.Fail(nameof(form.Place), FormErrorCodes.Required, "Say where the meeting took place, or mark it as online.");
        }

        var agenda = new List<string>();
        if (form.Agenda.Count > GroupLimits.AgendaItems)
        {
            checks.Fail(nameof(form.Agenda), FormErrorCodes.TooMany, $"At most {GroupLimits.AgendaItems} agenda items.", GroupLimits.AgendaItems, form.Agenda.Count);
        }

        for (var i = 0; i < form.Agenda.Count; i++)
        {
            if (checks.Text($"Agenda[{i}]", form.Agenda[i], GroupLimits.AgendaItem, required: true) is { } item)
            {
                agenda.Add(item);
            }
        }

        var groupActors = membership.MemberActorIds.Append(membership.ChairActorId).ToHashSet();
        foreach (var unknown in form.AttendedActorIds.Where(a => !groupActors.Contains(a)).Distinct())
        {
            checks.Fail(nameof(form.AttendedActorIds), FormErrorCodes.NotMember, $"Actor {unknown} is not the chair or a member of this group.");
        }

        if (form.Decisions.Count > GroupLimits.Decisions)
        {
            checks.Fail(nameof(form.Decisions), FormErrorCodes.TooMany, $"At most {GroupLimits.Decisions} decisions.", GroupLimits.Decisions, form.Decisions.Count);
        }

        var decisions = new List<(string Text, List<ActionForm> Actions)>();
        for (var i = 0; i < form.Decisions.Count; i++)
        {
            var text = checks.Text($"Decisions[{i}].Text", form.Decisions[i].Text, GroupLimits.Decision, required: true);
            var actions = form.Decisions[i].Actions;
            for (var j = 0; j < actions.Count; j++)
            {
                await board.CheckAsync(db, checks, $"Decisions[{i}].Actions[{j}].", actions[j], groupId, membership, ct);
            }

            decisions.Add((text ?? "", actions));
        }

        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = new Meeting
        {
            GroupId = groupId,
            StartsAtUtc = calendar.ToUtc(form.StartsLocal!.Value),
            EndsAtUtc = calendar.ToUtc(form.EndsLocal!.Value),
            Place = place,
            Online = form.Online,
            Agenda = agenda,
            Minutes = minutes,
            CreatedAtUtc = now,
            Attendance = form.AttendedActorIds.Distinct().Select(a => new MeetingAttendance { ActorId = a }).ToList(),
            Decisions = decisions.Select((d, i) => new Decision { Text = d.Text, Position = i + 1 }).ToList(),
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        var created = new List<ActionItem>();
        for (var i = 0; i < decisions.Count; i++)
        {
            foreach (var action in decisions[i].Actions)
            {
                created.Add(board.Add(db, groupId, action, meeting.Id, meeting.Decisions[i].Id, viewer, now));
            }
        }

        await db.SaveChangesAsync(ct);
        var key = meeting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AuditLog.Record(db, now, viewer.Audit, "meeting.recorded", MeetingEntity, key, after: new
        {
            groupId,
            meeting.StartsAtUtc,
            meeting.EndsAtUtc,
            meeting.Place,
            meeting.Online,
            meeting.Agenda,
            attended = meeting.Attendance.Select(a => a.ActorId).Order().ToList(),
            decisions = meeting.Decisions.Select(d => d.Text).ToList(),
            actionItems = created.Select(a => a.Id).ToList(),
        });
        var stored = Board.Created(db, created, viewer, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await board.PushAsync(db, groupId, membership, created, now, ct, stored);
        return FormResult.Ok(meeting.Id, 0, checks.Warnings);
    }

    private static GroupSummary Summary(WorkingGroup group, GroupViewer viewer)
    {
        var membership = GroupMembership.Of(group);
        return new GroupSummary(group, group.Members.Select(m => m.ActorId).ToList(), GroupAccess.IsMember(membership, viewer), GroupAccess.SeesDetails(membership, viewer));
    }

    private static object Snapshot(WorkingGroup g) => new
    {
        g.Code,
        g.NameEn,
        g.NameAz,
        g.NameRu,
        g.Kind,
        g.Pillar,
        g.Topic,
        g.Purpose,
        g.PurposeText,
        g.ChairActorId,
        members = g.Members.Select(m => m.ActorId).Order().ToList(),
        people = g.People.Select(p => p.UserId).Order(StringComparer.Ordinal).ToList(),
        g.Region,
        g.Status,
        g.TermsOfReference,
    };

    private static async Task<string> NewCodeAsync(NrmDbContext db, string name, CancellationToken ct)
    {
        var slug = NonCode().Replace(name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length < 2 ? "group" : slug[..Math.Min(slug.Length, 50)].Trim('-');
        var code = slug;
        for (var n = 2; await db.WorkingGroups.AnyAsync(g => g.Code == code, ct); n++)
        {
            code = $"{slug}-{n}";
        }

        return code;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonCode();
}
