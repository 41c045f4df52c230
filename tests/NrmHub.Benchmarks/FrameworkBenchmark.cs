using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Indicators;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Benchmarks;

/// <summary>
/// Issue 12's target: the whole Azerbaijani results framework (every line's period value and monthly trend, the
/// numbers the dashboard shows) over a SQLite file of 100,000 referrals, their SOP steps and 20,000 activities, in
/// under 2 s. Also times every indicator of the catalogue by every dimension it offers. Run:
/// <c>dotnet run -c Release --project tests/NrmHub.Benchmarks -- framework [referrals] [activities] [repetitions]</c>.
/// </summary>
public static class FrameworkBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var (referrals, activities, repetitions) = (Arg(1, 100_000), Arg(2, 20_000), Arg(3, 7));
        var seedRoot = BenchDatabase.SeedRoot();
        var seed = SeedReader.Read(seedRoot, "az");
        var framework = ResultsFrameworkReader.Read(seedRoot, seed, GroupSeedReader.Read(seedRoot, seed));
        var file = BenchDatabase.NewFile("framework");
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, $"Data Source={file}");
        var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
        var calendar = new WorkingCalendar(TimeZoneInfo.FindSystemTimeZoneById(seed.Profile.TimeZone), [DayOfWeek.Saturday, DayOfWeek.Sunday], []);
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var settings = new ConfigurationBuilder().Build();
        try
        {
            var sw = Stopwatch.StartNew();
            await SeedAsync(factory, seed.Profile, referrals, activities);
            Console.WriteLine($"Seeded {referrals:N0} referrals (with their cases and SOP steps) and {activities:N0} activities in {sw.ElapsedMilliseconds:N0} ms");
            var engine = new IndicatorEngine(factory, seed.Profile, calendar, clock, settings);
            var service = new FrameworkService(factory, engine, framework, clock);
            var filter = service.DefaultFilter;

            await service.ComputeAsync(filter); // warm-up: query plans, JIT
            var times = new List<double>();
            IReadOnlyList<FrameworkRow> rows = [];
            for (var i = 0; i < repetitions; i++)
            {
                sw.Restart();
                rows = await service.ComputeAsync(filter);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"Full framework ({rows.Count} lines, value + 12-month trend each), {repetitions} runs: median {times[times.Count / 2]:N0} ms, max {times[^1]:N0} ms (target < 2,000 ms)");
            foreach (var row in rows)
            {
                Console.WriteLine($"  {row.Line.Code,-10} {row.Line.Measure.Indicator,-26} {(row.Current.Value is { } v ? v.ToString("N1", CultureInfo.InvariantCulture) : row.Current.State.ToString()),12}");
            }

            var regional = filter with { Region = seed.Profile.Regions[2] };
            sw.Restart();
            await service.ComputeAsync(regional);
            Console.WriteLine($"Full framework for one region ({regional.Region}): {sw.ElapsedMilliseconds:N0} ms");

            sw.Restart();
            var breakdowns = 0;
            await using (var db = await factory.CreateDbContextAsync())
            {
                foreach (var d in IndicatorCatalog.All)
                {
                    var spec = new IndicatorSpec(d.Key, Kpi: d.TakesKpi ? "none" : null);
                    foreach (var by in d.Dimensions.Cast<Dimension?>().Prepend(null))
                    {
                        var one = Stopwatch.StartNew();
                        await engine.ComputeAsync(db, spec, filter, by);
                        breakdowns++;
                        if (one.ElapsedMilliseconds > 150)
                        {
                            Console.WriteLine($"  slow: {d.Key} by {by?.ToString() ?? "total"}: {one.ElapsedMilliseconds} ms");
                        }
                    }
                }
            }

            Console.WriteLine($"Every indicator by every dimension ({breakdowns} tables): {sw.ElapsedMilliseconds:N0} ms");
            return 0;
        }
        finally
        {
            BenchDatabase.Delete(file);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A year of referrals in every state, over 20 actors and the profile's regions, one SOP step each, and activities of every kind.</summary>
    private static async Task SeedAsync(IDbContextFactory<NrmDbContext> factory, CountryProfile profile, int count, int activityCount)
    {
        await using var db = await factory.CreateDbContextAsync();
        await DatabaseSetup.MigrateAsync(db);
        var kinds = Enum.GetValues<ActorKind>();
        var actors = Enumerable.Range(0, 20).Select(i => new Actor { Code = $"a{i}", ShortName = $"A{i}", NameEn = $"Actor {i}", Kind = kinds[i % kinds.Length], Region = profile.Regions[i % profile.Regions.Count] }).ToList();
        db.Actors.AddRange(actors);
        db.SopSteps.Add(new SopStep { Id = "bench-accept", NameEn = "Accept", Owner = "receiver", Source = "bench" });
        await db.SaveChangesAsync();
        for (var i = 0; i < actors.Count; i++)
        {
            db.Channels.Add(new ReferralChannel { FromActorId = actors[i].Id, ToActorId = actors[(i + 1) % actors.Count].Id, Services = [ServiceType.Shelter] });
            db.Channels.Add(new ReferralChannel { FromActorId = actors[i].Id, ToActorId = actors[(i + 7) % actors.Count].Id, Services = [ServiceType.Medical] });
        }

        await db.SaveChangesAsync();
        var random = new Random(12);
        var start = new DateTime(2026, 1, 1, 6, 0, 0, DateTimeKind.Utc);
        var services = Enum.GetValues<ServiceType>();
        var span = TimeSpan.FromDays(330).Ticks / Math.Max(1, count);
        var pendingSteps = new List<(Case Case, StepInstance Step)>();
        for (var i = 0; i < count; i++)
        {
            var at = start.AddTicks(span * i);
            var from = actors[i % actors.Count];
            var to = actors[(i + 1 + (i / actors.Count % 2 * 6)) % actors.Count];
            var @case = new Case
            {
                Code = $"AZ-B-{i:D7}",
                OpenedByActorId = from.Id,
                OpenedAtUtc = at,
                Profile = new CaseProfile
                {
                    Sex = (Sex)(i % 4),
                    AgeGroup = (AgeGroup)(i % 6),
                    RegionIdentified = profile.Regions[i % profile.Regions.Count],
                    ExploitationForm = (ExploitationForm)(i % 4),
                    NationalityGroup = (NationalityGroup)(i % 3),
                    Disability = i % 11 == 0,
                    Migrant = i % 5 == 0,
                },
            };
            var referral = new Referral
            {
                FromActorId = from.Id, ToActorId = to.Id, Services = [services[i % services.Length], ServiceType.Shelter],
                Urgency = (Urgency)(i % 3), Consent = Consent.Given, CreatedAtUtc = at,
            };
            referral.Send(at);
            var step = StepInstance.Start("bench-accept", 0, null, to.Id, at, at.AddHours(48), 50);
            switch (i % 10)
            {
                case 0:
                    referral.Revoke(at.AddHours(1));
                    break;
                case 1:
                    referral.Acknowledge(at.AddHours(random.Next(1, 30)));
                    referral.Decline((DeclineReason)(i % 7 == 6 ? 0 : i % 7), null, at.AddHours(40));
                    step.Close(at.AddHours(40));
                    break;
                case 2:
                    break;
                default:
                    var accepted = at.AddHours(random.Next(1, 96));
                    referral.Accept(accepted);
                    step.Close(accepted);
                    if (i % 10 >= 5)
                    {
                        referral.Start(accepted.AddHours(random.Next(1, 72)));
                    }

                    if (i % 10 >= 7)
                    {
                        referral.Complete(i % 10 == 9 ? Outcome.NotSuccessful : Outcome.Successful, i % 10 == 9 ? UnsuccessfulReason.PersonWithdrew : null,
                            [ServiceType.Shelter], accepted.AddDays(20));
                    }

                    break;
            }

            if (step.IsOpen && step.DueAtUtc < new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc))
            {
                step.MarkEscalated(1, 2, step.DueAtUtc.AddHours(1));
            }

            @case.Referrals.Add(referral);
            db.Cases.Add(@case);
            pendingSteps.Add((@case, step));
            if (pendingSteps.Count == 2000 || i == count - 1)
            {
                await db.SaveChangesAsync();
                foreach (var (c, s) in pendingSteps)
                {
                    s.CaseId = c.Id;
                    s.ReferralId = c.Referrals[0].Id;
                    db.StepInstances.Add(s);
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                pendingSteps.Clear();
            }
        }

        var activityKinds = Enum.GetValues<ActivityKind>();
        for (var i = 0; i < activityCount; i++)
        {
            var kind = activityKinds[i % activityKinds.Length];
            var activity = new Activity
            {
                ActorId = actors[i % actors.Count].Id,
                Kind = kind,
                OnDate = new DateOnly(2026, 1, 1).AddDays(i % 330),
                Region = profile.Regions[i % profile.Regions.Count],
                Sector = Activity.IsVisit(kind) ? (Sector)(i % 9) : null,
                RecordedByUserId = "bench",
                SubmissionId = Guid.NewGuid(),
            };
            if (!Activity.IsVisit(kind))
            {
                activity.Participants.Add(new ActivityParticipants { Female = i % 17, Male = i % 13, InstitutionActorId = Activity.ByInstitution(kind) ? actors[i % 5].Id : null });
            }

            db.Activities.Add(activity);
            if (i % 2000 == 1999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
    }
}
