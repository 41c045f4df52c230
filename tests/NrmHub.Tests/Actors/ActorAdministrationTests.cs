using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Tests.Infrastructure;
using static NrmHub.Core.Actors.AdminErrorCodes;

namespace NrmHub.Tests.Actors;

/// <summary>Administration changes data, so this class runs on an app and database of its own (shared by its tests,
/// which run one after another: each creates actors with its own codes and counts audit rows from where it started).</summary>
public sealed class ActorAdministrationTests : IClassFixture<ActorAdministrationTests.OwnApp>
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly AuditUser Admin = new("admin-user-id", 7);

    private readonly NrmAppFactory app;
    private readonly ActorAdministration admin;
    private readonly ActorGraph graph;
    private readonly IDbContextFactory<NrmDbContext> dbFactory;

    /// <summary>Audit rows up to this id were written by earlier tests of the class.</summary>
    private readonly long auditBefore;

    public ActorAdministrationTests(OwnApp own)
    {
        app = own.App;
        dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        graph = app.Services.GetRequiredService<ActorGraph>();
        using (var db = dbFactory.CreateDbContext())
        {
            auditBefore = db.AuditEntries.Max(a => (long?)a.Id) ?? 0;
        }

        admin = new ActorAdministration(dbFactory, new FixedClock(Now), graph, app.Services.GetRequiredService<CountryProfile>(), NullLogger<ActorAdministration>.Instance);
    }

    public sealed class OwnApp : IDisposable
    {
        public NrmAppFactory App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private static ActorForm NewActor(string code, params ServiceType[] services) => new()
    {
        Code = code,
        ShortName = $"Test {code}",
        NameEn = $"Test actor {code}",
        NameAz = "Sınaq",
        NameRu = "Тест",
        Kind = ActorKind.Ngo,
        Level = ActorLevel.Regional,
        Region = "Ganja",
        RegionsServed = ["Ganja", "Shamkir"],
        Contacts = [new ContactForm { Role = "Duty phone", Kind = ContactKind.Phone, Value = "+994 12 000 00 00" }],
        Mandates = services.Length == 0 ? [] : [new MandateForm { Pillar = Pillar.Protection, Services = [.. services], LegalBasisText = "Charter", Capacity = 10, Occupancy = 4 }],
    };

    private async Task<int> IdOfAsync(string code)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Actors.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Id > auditBefore).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<(int From, int To)> TwoActorsAsync(string prefix)
    {
        Assert.True((await admin.CreateActorAsync(NewActor($"{prefix}-from", ServiceType.Identification), Admin)).Succeeded);
        Assert.True((await admin.CreateActorAsync(NewActor($"{prefix}-to", ServiceType.Shelter, ServiceType.Medical), Admin)).Succeeded);
        return (await IdOfAsync($"{prefix}-from"), await IdOfAsync($"{prefix}-to"));
    }

    public static TheoryData<string, string, string> InvalidActors => new()
    {
        { "code", "Code", CodeInvalid },
        { "shortName", "ShortName", ShortNameRequired },
        { "longShortName", "ShortName", ShortNameRequired },
        { "nameEn", "NameEn", NameRequired },
        { "invisibleShortName", "ShortName", ShortNameRequired },
        { "invisibleNameEn", "NameEn", NameRequired },
        { "longLegalBasis", "Mandates[0].LegalBasisText", TooLong },
        { "longNameAz", "NameAz", TooLong },
        { "region", "Region", RegionUnknown },
        { "regionsServed", "RegionsServed", RegionUnknown },
        { "parent", "ParentId", ParentUnknown },
        { "shelter", "AddressDisclosure", ShelterAddress },
        { "contact", "Contacts[0].Value", ContactIncomplete },
        { "email", "Contacts[0].Value", ContactEmail },
        { "noServices", "Mandates[0].Services", MandateServices },
        { "negativeCapacity", "Mandates[0].Occupancy", MandateCapacity },
        { "overOccupied", "Mandates[0].Occupancy", MandateCapacity },
        { "kind", "Kind", UnknownValue },
    };

    [Theory]
    [MemberData(nameof(InvalidActors))]
    public async Task CreateActor_breaking_a_rule_is_refused_on_that_field_and_writes_nothing(string rule, string field, string code)
    {
        var form = NewActor("bad-actor", ServiceType.Shelter);
        switch (rule)
        {
            case "code": form.Code = "Bad Code!"; break;
            case "shortName": form.ShortName = "  "; break;
            case "longShortName": form.ShortName = new string('x', 65); break;
            case "nameEn": form.NameEn = ""; break;
            case "invisibleShortName": form.ShortName = "\u200B\u200D\uFEFF"; break;
            case "invisibleNameEn": form.NameEn = "\u2060 \u00AD"; break;
            case "longLegalBasis": form.Mandates[0].LegalBasisText = new string('q', 40_800); break;
            case "longNameAz": form.NameAz = new string('ə', 301); break;
            case "region": form.Region = "Atlantis"; break;
            case "regionsServed": form.RegionsServed = ["Ganja", "Atlantis"]; break;
            case "parent": form.ParentId = 999_999; break;
            case "shelter": form.Kind = ActorKind.Shelter; form.Address = "Somewhere 1"; form.AddressDisclosure = Disclosure.Public; break;
            case "contact": form.Contacts[0].Role = ""; break;
            case "email": form.Contacts[0].Kind = ContactKind.Email; form.Contacts[0].Value = "not-an-address"; break;
            case "noServices": form.Mandates[0].Services = []; break;
            case "negativeCapacity": form.Mandates[0].Capacity = -1; form.Mandates[0].Occupancy = null; break;
            case "overOccupied": form.Mandates[0].Occupancy = 11; break;
            case "kind": form.Kind = (ActorKind)99; break;
        }

        var result = await admin.CreateActorAsync(form, Admin);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.False(await db.Actors.AnyAsync(a => a.Code == "bad-actor"));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task CreateActor_code_already_used_is_refused()
    {
        var result = await admin.CreateActorAsync(NewActor("mia"), Admin);

        Assert.Equal((nameof(ActorForm.Code), CodeTaken), (result.Errors.Single().Field, result.Errors.Single().Code));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task CreateActor_valid_saves_it_with_one_audit_row_at_the_clock_time()
    {
        var form = NewActor("test-ngo", ServiceType.Shelter);
        form.ParentId = await IdOfAsync("mlspp");

        var result = await admin.CreateActorAsync(form, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("actor.create", "Actor", "test-ngo"), (entry.Action, entry.EntityType, entry.EntityKey));
        Assert.Equal((Now, "admin-user-id", (int?)7), (entry.AtUtc, entry.UserId, entry.UserActorId));
        Assert.Null(entry.Before);
        Assert.Contains("\"kind\":\"Ngo\"", entry.After);
        Assert.Contains("\"parent\":\"mlspp\"", entry.After);
        Assert.Contains("\"services\":[\"Shelter\"]", entry.After);
        Assert.Contains("Тест", entry.After);
        var loaded = await admin.LoadActorAsync("test-ngo");
        Assert.Equal(result.Version, loaded!.Version);
        Assert.Equal(10, loaded.Mandates.Single().Capacity);
        Assert.Contains((await graph.GetAsync()).Actors, a => a.Code == "test-ngo");
    }

    [Fact]
    public async Task UpdateActor_valid_writes_one_audit_row_with_before_and_after()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("upd-ngo", ServiceType.Shelter), Admin)).Succeeded);
        var form = (await admin.LoadActorAsync("upd-ngo"))!;
        form.ShortName = "Renamed";
        form.Mandates.Add(new MandateForm { Pillar = Pillar.Prevention, Services = [ServiceType.Awareness] });

        var result = await admin.UpdateActorAsync(form, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var entry = (await AuditAsync()).Last();
        Assert.Equal("actor.update", entry.Action);
        Assert.Contains("\"shortName\":\"Test upd-ngo\"", entry.Before);
        Assert.Contains("\"shortName\":\"Renamed\"", entry.After);
        Assert.Contains(AuditJson.Diff(entry.Before, entry.After), c => c.Path == "shortName" && c.After == "Renamed");
        Assert.Equal(2, (await AuditAsync()).Count);
        var reloaded = (await admin.LoadActorAsync("upd-ngo"))!;
        Assert.Equal(2, reloaded.Mandates.Count);
        Assert.Equal(result.Version, reloaded.Version);

        // Saving the same form again is not a change: nothing more is recorded.
        Assert.True((await admin.UpdateActorAsync(reloaded, Admin)).Succeeded);
        Assert.Equal(2, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task UpdateActor_short_name_translations_are_saved_blank_as_none_and_audited()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("short-ngo"), Admin)).Succeeded);
        var form = (await admin.LoadActorAsync("short-ngo"))!;
        form.ShortNameAz = "  Sınaq QHT ";
        form.ShortNameRu = "   ";

        var result = await admin.UpdateActorAsync(form, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var reloaded = (await admin.LoadActorAsync("short-ngo"))!;
        Assert.Equal(("Sınaq QHT", null), (reloaded.ShortNameAz, reloaded.ShortNameRu));
        Assert.Contains(AuditJson.Diff((await AuditAsync()).Last().Before, (await AuditAsync()).Last().After), c => c.Path == "shortNameAz" && c.After == "Sınaq QHT");

        reloaded.ShortNameRu = new string('ж', ActorRules.ShortNameMax + 1);
        var tooLong = await admin.UpdateActorAsync(reloaded, Admin);
        Assert.Contains(tooLong.Errors, e => e.Field == "ShortNameRu" && e.Code == TooLong);
    }

    [Fact]
    public async Task UpdateActor_parent_self_or_loop_is_refused()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("loop-a"), Admin)).Succeeded);
        var b = NewActor("loop-b");
        b.ParentId = await IdOfAsync("loop-a");
        Assert.True((await admin.CreateActorAsync(b, Admin)).Succeeded);
        var audit = (await AuditAsync()).Count;

        var self = (await admin.LoadActorAsync("loop-a"))!;
        self.ParentId = await IdOfAsync("loop-a");
        var selfResult = await admin.UpdateActorAsync(self, Admin);
        var loop = (await admin.LoadActorAsync("loop-a"))!;
        loop.ParentId = await IdOfAsync("loop-b");
        var loopResult = await admin.UpdateActorAsync(loop, Admin);

        Assert.Equal(("ParentId", ParentSelf), (selfResult.Errors.Single().Field, selfResult.Errors.Single().Code));
        Assert.Equal(("ParentId", ParentLoop), (loopResult.Errors.Single().Field, loopResult.Errors.Single().Code));
        Assert.Equal(audit, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task UpdateActor_changed_by_someone_else_since_loading_is_refused()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("race-ngo", ServiceType.Shelter), Admin)).Succeeded);
        var first = (await admin.LoadActorAsync("race-ngo"))!;
        var second = (await admin.LoadActorAsync("race-ngo"))!;
        first.NameEn = "First admin's name";
        second.NameEn = "Second admin's name";

        var won = await admin.UpdateActorAsync(first, Admin);
        var lost = await admin.UpdateActorAsync(second, Admin);

        Assert.True(won.Succeeded);
        Assert.Equal(Stale, lost.Errors.Single().Code);
        Assert.Equal("First admin's name", (await admin.LoadActorAsync("race-ngo"))!.NameEn);
        Assert.Equal(2, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task UpdateActor_removing_a_service_an_active_channel_brings_is_refused()
    {
        var (from, to) = await TwoActorsAsync("strand");
        Assert.True((await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = to, Services = [ServiceType.Shelter] }, Admin)).Succeeded);
        var form = (await admin.LoadActorAsync("strand-to"))!;
        form.Mandates[0].Services = [ServiceType.Medical];

        var result = await admin.UpdateActorAsync(form, Admin);

        Assert.Equal(("Mandates", MandateInUse), (result.Errors.Single().Field, result.Errors.Single().Code));
    }

    [Fact]
    public async Task SetActorActive_deactivates_and_reactivates_never_deletes()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("off-ngo"), Admin)).Succeeded);

        var off = await admin.SetActorActiveAsync("off-ngo", false, Admin);
        var again = await admin.SetActorActiveAsync("off-ngo", false, Admin);

        Assert.True(off.Succeeded && again.Succeeded);
        var entries = await AuditAsync();
        Assert.Equal(["actor.create", "actor.deactivate"], entries.Select(e => e.Action));
        Assert.Contains("\"isActive\":true", entries[1].Before);
        Assert.Contains("\"isActive\":false", entries[1].After);
        Assert.False((await graph.GetAsync()).Actors.Single(a => a.Code == "off-ngo").IsActive);

        Assert.True((await admin.SetActorActiveAsync("off-ngo", true, Admin)).Succeeded);
        Assert.Equal("actor.reactivate", (await AuditAsync()).Last().Action);
        Assert.False((await admin.SetActorActiveAsync("no-such-actor", false, Admin)).Succeeded);
    }

    [Fact]
    public async Task CreateChannel_valid_is_saved_audited_and_in_the_graph_at_once()
    {
        var (from, to) = await TwoActorsAsync("edge");
        var before = await graph.GetAsync();

        var result = await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = to, Services = [ServiceType.Shelter, ServiceType.Medical], Basis = ChannelBasis.Memorandum, TimeLimitNote = " within 24 hours " }, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.DoesNotContain(before.Channels, c => c.From == from && c.To == to);
        var after = await graph.GetAsync();
        Assert.Contains(after.Channels, c => c.From == from && c.To == to && c.TimeLimitNote == "within 24 hours");
        Assert.Contains(after.SuggestReceivers(from, ServiceType.Shelter), c => c.ActorId == to);
        var entry = (await AuditAsync()).Last();
        Assert.Equal(("channel.create", "Channel", "edge-from->edge-to"), (entry.Action, entry.EntityType, entry.EntityKey));
        Assert.Contains("\"basis\":\"Memorandum\"", entry.After);
    }

    [Fact]
    public async Task CreateChannel_self_loop_duplicate_or_unmandated_service_is_refused_and_writes_nothing()
    {
        var (from, to) = await TwoActorsAsync("bad-edge");
        Assert.True((await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = to, Services = [ServiceType.Shelter] }, Admin)).Succeeded);
        var audit = (await AuditAsync()).Count;

        var self = await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = from, Services = [ServiceType.Identification] }, Admin);
        var duplicate = await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = to, Services = [ServiceType.Medical] }, Admin);
        var unmandated = await admin.CreateChannelAsync(new ChannelForm { FromActorId = to, ToActorId = from, Services = [ServiceType.LegalAid] }, Admin);
        var none = await admin.CreateChannelAsync(new ChannelForm { FromActorId = to, ToActorId = from, Services = [] }, Admin);
        var unknown = await admin.CreateChannelAsync(new ChannelForm { FromActorId = to, ToActorId = from, Services = [(ServiceType)77] }, Admin);
        var missing = await admin.CreateChannelAsync(new ChannelForm { FromActorId = 999_999, ToActorId = from, Services = [ServiceType.Identification] }, Admin);

        Assert.Equal(("ToActorId", ChannelSelfLoop), (self.Errors.Single().Field, self.Errors.Single().Code));
        Assert.Equal(("ToActorId", ChannelDuplicate), (duplicate.Errors.Single().Field, duplicate.Errors.Single().Code));
        Assert.Equal(("Services", ChannelNotMandated, "LegalAid"), (unmandated.Errors.Single().Field, unmandated.Errors.Single().Code, unmandated.Errors.Single().Detail));
        Assert.Equal(("Services", ChannelServices), (none.Errors.Single().Field, none.Errors.Single().Code));
        Assert.Equal(("Services", UnknownValue), (unknown.Errors.Single().Field, unknown.Errors.Single().Code));
        Assert.Equal(("FromActorId", ChannelActorUnknown), (missing.Errors.Single().Field, missing.Errors.Single().Code));
        Assert.Equal(audit, (await AuditAsync()).Count);
        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Channels.CountAsync(c => c.FromActorId == from || c.FromActorId == to));
    }

    [Fact]
    public async Task UpdateChannel_and_deactivate_are_audited_and_stale_edits_refused()
    {
        var (from, to) = await TwoActorsAsync("chg");
        Assert.True((await admin.CreateChannelAsync(new ChannelForm { FromActorId = from, ToActorId = to, Services = [ServiceType.Shelter] }, Admin)).Succeeded);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var id = await db.Channels.Where(c => c.FromActorId == from).Select(c => c.Id).SingleAsync();
            var form = (await admin.LoadChannelAsync(id))!;
            var stale = (await admin.LoadChannelAsync(id))!;
            form.Services.Add(ServiceType.Medical);
            form.FromActorId = to; // the ends are the channel's identity; an edit cannot move them

            Assert.True((await admin.UpdateChannelAsync(form, Admin)).Succeeded);
            stale.Basis = ChannelBasis.Law;
            Assert.Equal(Stale, (await admin.UpdateChannelAsync(stale, Admin)).Errors.Single().Code);
            Assert.True((await admin.SetChannelActiveAsync(id, false, Admin)).Succeeded);
        }

        var entries = (await AuditAsync()).TakeLast(2).ToList();
        Assert.Equal(["channel.update", "channel.deactivate"], entries.Select(e => e.Action));
        Assert.Contains("\"services\":[\"Shelter\",\"Medical\"]", entries[0].After);
        Assert.Contains("\"from\":\"chg-from\"", entries[0].After);
        Assert.DoesNotContain((await graph.GetAsync()).SuggestReceivers(from, ServiceType.Shelter), c => c.ActorId == to);
    }

    [Fact]
    public async Task AuditEntries_cannot_be_updated_or_deleted()
    {
        Assert.True((await admin.CreateActorAsync(NewActor("audit-ngo"), Admin)).Succeeded);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Action = "forged";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Action = 'forged'"));
            var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries"));
            Assert.Contains("append-only", update.Message);
            Assert.Contains("append-only", delete.Message);
        }

        Assert.Equal("actor.create", Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public void Service_is_registered_in_the_app()
    {
        Assert.NotNull(app.Services.GetRequiredService<ActorAdministration>());
    }

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
