using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Benchmarks;

/// <summary>
/// One page of a referral list (what MudDataGrid's ServerData asks for) over a SQLite file holding many referrals,
/// for each filter and sort the lists offer. Run:
/// <c>dotnet run -c Release --project tests/NrmHub.Benchmarks -- lists [referrals] [repetitions]</c>.
/// </summary>
public static class ReferralListBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var repetitions = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
        var file = BenchDatabase.NewFile("lists");
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, $"Data Source={file}");
        var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
        var profile = new CountryProfile("bench", new LocalizedText("Bench", null, null), "UTC", ["North", "South", "East", "West"]);
        try
        {
            var sw = Stopwatch.StartNew();
            var (from, to) = await SeedAsync(factory, count);
            Console.WriteLine($"Seeded {count:N0} referrals in {sw.ElapsedMilliseconds} ms");
            var service = new ReferralService(factory, new ActorGraph(factory, profile), profile, TimeProvider.System, new NoPush(),
                new DeadlineEngine(new WorkingCalendar(TimeZoneInfo.Utc, [], [])), new GroupCommit(factory), NullLogger<ReferralService>.Instance);
            var receiver = new Caller("bench", to);
            var coordinator = new Caller("bench", from, IsCoordinator: true);
            var scenarios = new (string Name, Caller Caller, ReferralQuery Query)[]
            {
                ("inbox, newest first", receiver, new ReferralQuery(ReferralScope.Incoming)),
                ("inbox, page 200", receiver, new ReferralQuery(ReferralScope.Incoming, Skip: 199 * 25)),
                ("all, state Sent + Accepted", coordinator, new ReferralQuery(ReferralScope.All, States: [ReferralState.Sent, ReferralState.Accepted])),
                ("all, service Medical", coordinator, new ReferralQuery(ReferralScope.All, Service: ServiceType.Medical)),
                ("all, region South, urgent", coordinator, new ReferralQuery(ReferralScope.All, Region: "South", Urgency: Urgency.Urgent)),
                ("all, case code prefix", coordinator, new ReferralQuery(ReferralScope.All, CaseCode: "BN-0042")),
                ("all, sort by last change", coordinator, new ReferralQuery(ReferralScope.All, Sort: ReferralSort.LastChange, Descending: true)),
                ("all, sent in a week", coordinator, new ReferralQuery(ReferralScope.All, SentFrom: new DateOnly(2026, 3, 1), SentTo: new DateOnly(2026, 3, 7))),
            };
            foreach (var (name, caller, query) in scenarios)
            {
                await service.QueryAsync(caller, query, TimeZoneInfo.Utc, audit: false); // warm-up
                var times = new List<double>();
                var total = 0;
                for (var i = 0; i < repetitions; i++)
                {
                    sw.Restart();
                    total = (await service.QueryAsync(caller, query, TimeZoneInfo.Utc, audit: true)).Total;
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                Console.WriteLine($"{name,-28} {total,6:N0} matching: median {times[times.Count / 2],6:F1} ms, p90 {times[(int)(times.Count * 0.9)],6:F1} ms (page of 25, audited)");
            }

            return 0;
        }
        finally
        {
            BenchDatabase.Delete(file);
        }
    }

    private static async Task<(int From, int To)> SeedAsync(IDbContextFactory<NrmDbContext> factory, int count)
    {
        await using var db = await factory.CreateDbContextAsync();
        await DatabaseSetup.MigrateAsync(db);
        var police = new Actor { Code = "police", ShortName = "Police", NameEn = "Police", Kind = ActorKind.LawEnforcement };
        var shelter = new Actor { Code = "shelter", ShortName = "Shelter", NameEn = "Shelter", Kind = ActorKind.Shelter };
        db.Actors.AddRange(police, shelter);
        await db.SaveChangesAsync();
        var start = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        var regions = new[] { "North", "South", "East", "West" };
        var services = Enum.GetValues<ServiceType>();
        for (var i = 0; i < count; i++)
        {
            var at = start.AddHours(i * 0.7);
            var @case = new Case
            {
                Code = $"BN-{i:D6}",
                OpenedByActorId = police.Id,
                OpenedAtUtc = at,
                Profile = new CaseProfile { FullName = $"Person {i}", RegionIdentified = regions[i % 4], ExploitationForm = ExploitationForm.Labour },
            };
            var referral = new Referral
            {
                FromActorId = police.Id, ToActorId = shelter.Id, Services = [services[i % services.Length], ServiceType.Shelter],
                Urgency = (Urgency)(i % 3), Consent = Consent.Given, CreatedAtUtc = at,
            };
            referral.Send(at);
            if (i % 3 == 1)
            {
                referral.Accept(at.AddHours(2));
            }

            @case.Referrals.Add(referral);
            db.Cases.Add(@case);
            if (i % 1000 == 999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        return (police.Id, shelter.Id);
    }
}
