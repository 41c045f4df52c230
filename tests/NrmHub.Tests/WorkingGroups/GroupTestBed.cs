using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.WorkingGroups;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.WorkingGroups;

/// <summary>
/// The SOP test bed (Azerbaijani seed, fake clock, recording notifier) with the working-group services over it and
/// one group: chaired by the national coordinator, with tamas and mia-thb as members; mia-ganja-ctu stays outside.
/// </summary>
public sealed class GroupTestBed : IAsyncDisposable
{
    private GroupTestBed(SopTestBed sop)
    {
        Sop = sop;
        var factory = sop.Factory();
        Board = new Board(factory, sop.Clock, sop.Calendar, sop.Notifier, NullLogger<Board>.Instance);
        Groups = new GroupService(factory, sop.Clock, sop.Seed.Profile, sop.Calendar, Board);
        Kpis = new KpiService(factory, sop.Clock, sop.Seed.Profile, sop.Calendar);
    }

    public SopTestBed Sop { get; }
    public Board Board { get; }
    public GroupService Groups { get; }
    public KpiService Kpis { get; }
    public int GroupId { get; private set; }

    public GroupViewer Coordinator => new(Sop.Users["national-coordinator"], Sop.Actors["national-coordinator"], IsCoordinator: true, IsAdmin: false);

    /// <summary>A member organisation's staff member with no coordinating role.</summary>
    public GroupViewer Member(string code = "tamas") => new(Sop.Users[code], Sop.Actors[code], false, false);

    public GroupViewer Outsider => Member("mia-ganja-ctu");

    public static async Task<GroupTestBed> CreateAsync()
    {
        var bed = new GroupTestBed(await SopTestBed.CreateAsync());
        var result = await bed.Groups.SaveAsync(bed.Form(), bed.Coordinator);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        bed.GroupId = result.Id!.Value;
        return bed;
    }

    public GroupForm Form() => new()
    {
        NameEn = "Protection working group",
        NameAz = "Müdafiə üzrə işçi qrup",
        Kind = GroupKind.ThematicWorkingGroup,
        Pillar = Pillar.Protection,
        Purpose = GroupPurpose.Coordination,
        PurposeText = "Coordinate shelter and assistance services.",
        ChairActorId = Sop.Actors["national-coordinator"],
        MemberActorIds = [Sop.Actors["tamas"], Sop.Actors["mia-thb"]],
        Status = GroupStatus.Active,
    };

    public ActionForm Action(string title = "Draft the shelter referral form", string owner = "tamas", int dueInDays = 10) => new()
    {
        Title = title,
        OwnerActorId = Sop.Actors[owner],
        DueOn = Today().AddDays(dueInDays),
    };

    public DateOnly Today() => Kpis.Today();

    public async Task<(int Id, int Version)> AddCardAsync(ActionForm? form = null)
    {
        var result = await Board.AddAsync(GroupId, form ?? Action(), Coordinator);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return (result.Id!.Value, result.Version!.Value);
    }

    public async Task<NrmDbContext> DbAsync() => await Sop.Factory().CreateDbContextAsync();

    public async Task<string> AddUserAsync(string code, string name)
    {
        await using var db = await DbAsync();
        var user = new NrmUser { UserName = $"{name}@test", Email = $"{name}@test", DisplayName = name, ActorId = Sop.Actors[code] };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<List<T>> AllAsync<T>() where T : class
    {
        await using var db = await DbAsync();
        return await db.Set<T>().AsNoTracking().ToListAsync();
    }

    public ValueTask DisposeAsync() => Sop.DisposeAsync();
}
