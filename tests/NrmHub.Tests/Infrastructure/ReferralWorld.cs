using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Referrals;

namespace NrmHub.Tests.Infrastructure;

/// <summary>An account the tests create next to the demo users, for actors the demo has nobody at.</summary>
public sealed record TestAccount(string Email, string Password, string Role, string ActorCode)
{
    /// <summary>A second worker at the demo shelter: two staff of the same receiving actor.</summary>
    public static readonly TestAccount ShelterColleague = new("colleague@clean-world.test", "Colleague-Test-2026!", Roles.ServiceProvider, "clean-world");

    /// <summary>Staff of another shelter, which the officer could refer to but did not: must see nothing.</summary>
    public static readonly TestAccount OtherShelter = new("staff@gov-shelter.test", "Other-Shelter-2026!", Roles.ServiceProvider, "gov-shelter");

    /// <summary>Legal aid NGO the shelter can refer onward to (channel clean-world → clrpl for LegalAid).</summary>
    public static readonly TestAccount LegalAid = new("lawyer@clrpl.test", "Legal-Aid-Test-2026!", Roles.ServiceProvider, "clrpl");

    public static readonly TestAccount[] All = [ShelterColleague, OtherShelter, LegalAid];
}

/// <summary>
/// A booted app of its own (referral tests change data) with the demo users plus <see cref="TestAccount.All"/>,
/// and the callers and actor ids the referral tests speak of. Used as a class fixture: one app per test class.
/// </summary>
public sealed class ReferralWorld : IAsyncLifetime
{
    /// <summary>Personal data the tests put into a case and then look for everywhere it must not be.</summary>
    public const string PersonName = "Leyla Quillfeather-Test";

    public const string PersonContact = "+994 50 555 01 23 leyla.q@example.test";

    public const string ReasonText = "Needs a safe place tonight; QUILL-REASON-MARKER";

    public NrmAppFactory App { get; } = new();

    public ReferralService Referrals => App.Services.GetRequiredService<ReferralService>();

    public IDbContextFactory<NrmDbContext> Db => App.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();

    public TimeProvider Clock => App.Services.GetRequiredService<TimeProvider>();

    public Caller Officer { get; private set; } = null!;

    public Caller Shelter { get; private set; } = null!;

    public Caller ShelterColleague { get; private set; } = null!;

    public Caller OtherShelter { get; private set; } = null!;

    public Caller LegalAid { get; private set; } = null!;

    public Caller Coordinator { get; private set; } = null!;

    public Caller Admin { get; private set; } = null!;

    public int CleanWorldId { get; private set; }

    public int GovShelterId { get; private set; }

    public int ClrplId { get; private set; }

    public int TamasId { get; private set; }

    public async Task InitializeAsync()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetRequiredService<IdentitySeeder>();
            foreach (var account in TestAccount.All)
            {
                await seeder.EnsureUserAsync(account.Email, account.Email, account.Role, account.ActorCode, account.Password);
            }
        }

        await using var db = await Db.CreateDbContextAsync();
        var actors = await db.Actors.ToDictionaryAsync(a => a.Code, a => a.Id);
        CleanWorldId = actors["clean-world"];
        GovShelterId = actors["gov-shelter"];
        ClrplId = actors["clrpl"];
        TamasId = actors["tamas"];

        var users = await db.Users.ToDictionaryAsync(u => u.Email!, u => (u.Id, u.ActorId));
        Caller As(string email, bool coordinator = false, bool admin = false) =>
            new(users[email].Id, users[email].ActorId, coordinator, admin);
        Officer = As(DemoAccount.Officer.Email);
        Shelter = As(DemoAccount.Shelter.Email);
        Coordinator = As(DemoAccount.Coordinator.Email, coordinator: true);
        Admin = As(DemoAccount.Admin.Email, admin: true);
        ShelterColleague = As(TestAccount.ShelterColleague.Email);
        OtherShelter = As(TestAccount.OtherShelter.Email);
        LegalAid = As(TestAccount.LegalAid.Email);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    public static PersonInput Person() => new(
        PersonName,
        new DateOnly(1999, 4, 2),
        AgeGroup.Adult25To59,
        Sex.Female,
        "Azerbaijani",
        "az, ru",
        PersonContact,
        [Vulnerability.MigrantWorker],
        ExploitationForm.Labour,
        "Baku");

    public NewReferral ToShelter(int? receiverId = null) =>
        new(receiverId ?? CleanWorldId, [ServiceType.Shelter, ServiceType.Medical], Urgency.Urgent, ReasonText, Consent.Given, null);

    /// <summary>The officer sends a referral to the demo shelter; returns its id and case code.</summary>
    public async Task<(int Id, string CaseCode)> SendToShelterAsync(int? receiverId = null)
    {
        var result = await Referrals.CreateAsync(Officer, Person(), ToShelter(receiverId));
        Assert.True(result.Succeeded, $"{result.ErrorCode}: {result.Error}");
        return (result.Id!.Value, result.CaseCode!);
    }

    public async Task<Referral> LoadAsync(int referralId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referralId);
    }
}
