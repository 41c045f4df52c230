using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Jobs;

public sealed class CaseRetentionTests
{
    private static readonly DateTimeOffset Now = new(2032, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cases_closed_longer_than_the_period_lose_personal_data_keep_statistics_and_are_audited_once()
    {
        using var app = new NrmAppFactory();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        var old = await CreateCaseAsync(app, "Old Person", closedAt: Now.UtcDateTime.AddYears(-5).AddDays(-1));
        var recent = await CreateCaseAsync(app, "Recent Person", closedAt: Now.UtcDateTime.AddYears(-5).AddDays(1));
        var open = await CreateCaseAsync(app, "Open Person", closedAt: null);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:Years"] = "5" }).Build();
        var retention = new CaseRetention(dbFactory, settings, new FakeTimeProvider(Now));

        Assert.Equal(1, await retention.AnonymiseAsync());

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var profiles = await db.Cases.Include(c => c.Profile).Include(c => c.Referrals).ToDictionaryAsync(c => c.Code);
            var p = profiles[old].Profile!;
            Assert.Equal((null, null, null, null, null), (p.FullName, p.DateOfBirth, p.Nationality, p.Languages, p.Contact));
            Assert.Empty(p.Vulnerabilities);
            Assert.Equal((AgeGroup.Child14To17, Sex.Female, ExploitationForm.Sexual, "Baku"), (p.AgeGroup, p.Sex, p.ExploitationForm, p.RegionIdentified));
            Assert.All(profiles[old].Referrals, r => Assert.Null(r.ReasonText));
            Assert.Equal("Recent Person", profiles[recent].Profile!.FullName);
            Assert.Equal("Open Person", profiles[open].Profile!.FullName);

            var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == CaseRetention.Action).ToListAsync());
            Assert.Equal((old, old, null), (audit.EntityKey, audit.CaseCode, audit.UserId));
            Assert.Null(audit.After);
        }

        // Idempotent: nothing left to clear, nothing recorded.
        Assert.Equal(0, await retention.AnonymiseAsync());
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == CaseRetention.Action));
        }

        // A day later in time, the next case falls out of the period too.
        var later = new CaseRetention(dbFactory, settings, new FakeTimeProvider(Now.AddDays(2)));
        Assert.Equal(1, await later.AnonymiseAsync());
    }

    [Fact]
    public async Task Idempotency_keys_are_forgotten_after_a_week_and_only_those()
    {
        using var app = new NrmAppFactory();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var officer = await db.Users.SingleAsync(u => u.Email == DemoAccount.Officer.Email);
            db.IdempotentRequests.AddRange(
                new IdempotentRequest { UserId = officer.Id, Key = "old", CreatedUtc = Now.UtcDateTime.AddDays(-7).AddMinutes(-1), ReferralId = 1, CaseCode = "AZ-OLD" },
                new IdempotentRequest { UserId = officer.Id, Key = "fresh", CreatedUtc = Now.UtcDateTime.AddDays(-6), ReferralId = 2, CaseCode = "AZ-NEW" });
            await db.SaveChangesAsync();
        }

        var retention = new CaseRetention(dbFactory, new ConfigurationBuilder().Build(), new FakeTimeProvider(Now));

        Assert.Equal(1, await retention.ForgetIdempotencyKeysAsync());
        Assert.Equal(0, await retention.ForgetIdempotencyKeysAsync());
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(["fresh"], await db.IdempotentRequests.Select(r => r.Key).ToListAsync());
        }
    }

    [Fact]
    public void Period_defaults_to_five_years()
    {
        var retention = new CaseRetention(null!, new ConfigurationBuilder().Build(), TimeProvider.System);
        Assert.Equal(5, retention.Years);
    }

    private static async Task<string> CreateCaseAsync(NrmAppFactory app, string name, DateTime? closedAt)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var actors = await db.Actors.ToDictionaryAsync(a => a.Code, a => a.Id);
        var officer = await db.Users.SingleAsync(u => u.Email == DemoAccount.Officer.Email);
        var result = await app.Services.GetRequiredService<ReferralService>().CreateAsync(
            new Caller(officer.Id, actors["mia-thb"]),
            new PersonInput(name, new DateOnly(2010, 3, 4), AgeGroup.Child14To17, Sex.Female, "Azerbaijani", "az", "+994 50 000 00 00",
                [Vulnerability.Child], ExploitationForm.Sexual, "Baku"),
            new NewReferral(actors["clean-world"], [ServiceType.Shelter], Urgency.Routine, $"{name} needs a safe place", Consent.Given, null));
        Assert.True(result.Succeeded, result.Error);
        var c = await db.Cases.SingleAsync(x => x.Code == result.CaseCode);
        c.ClosedAtUtc = closedAt;
        await db.SaveChangesAsync();
        return c.Code;
    }
}
