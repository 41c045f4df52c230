using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Benchmarks;

/// <summary>
/// New referrals written in-process by concurrent writers, without HTTP, sign-in or a load client: the write path
/// alone, on a SQLite file with the Azerbaijani seed and its SOP (the writers scenario's route, 20 receiving users).
/// Prints the throughput and, from GroupCommit's meter, how busy the one writer was, its batches, and the time per
/// referral and per COMMIT. The warm-up (15 s by default) lets tiered compilation finish: before it, the JIT took a
/// fifth of the process's CPU. Run:
/// <c>dotnet run -c Release --project tests/NrmHub.Benchmarks -- writes [writers] [seconds] [warm-up seconds]</c>.
/// </summary>
public static class WritesBenchmark
{
    private sealed class Totals
    {
        public long Batches;
        public long Writes;
        public double BatchMs;
        public double CommitMs;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var (writers, seconds, warmup) = (Arg(1, 8), Arg(2, 20), Arg(3, 15));
        var file = BenchDatabase.NewFile("writes");
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, $"Data Source={file}");
        var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
        try
        {
            var seedRoot = BenchDatabase.SeedRoot();
            var seed = SeedReader.Read(seedRoot, "az");
            var sop = SopSeedReader.Read(seedRoot, seed);
            await using (var db = await factory.CreateDbContextAsync())
            {
                await DatabaseSetup.MigrateAsync(db);
            }

            await new SeedLoader(factory).ApplyAsync(seed);
            await new SopLoader(factory).ApplyAsync(sop);
            var (sender, receiver) = await AddUsersAsync(factory);
            var service = new ReferralService(factory, new ActorGraph(factory, seed.Profile), seed.Profile, TimeProvider.System, new NoPush(),
                new DeadlineEngine(sop.CalendarIn(seed.Profile)), new GroupCommit(factory), NullLogger<ReferralService>.Instance);

            var totals = new Totals();
            var counting = false;
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GroupCommit.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
            {
                if (Volatile.Read(ref counting) && instrument.Name.EndsWith(".batch.size", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref totals.Batches);
                    Interlocked.Add(ref totals.Writes, value);
                }
            });
            listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                if (!Volatile.Read(ref counting))
                {
                    return;
                }

                // Only the leader records, one batch at a time: no two callbacks race on these sums.
                if (instrument.Name.EndsWith(".batch.duration", StringComparison.Ordinal))
                {
                    totals.BatchMs += value;
                }
                else if (instrument.Name.EndsWith(".commit.duration", StringComparison.Ordinal))
                {
                    totals.CommitMs += value;
                }
            });
            listener.Start();

            var person = new PersonInput("Bench Person", null, AgeGroup.Adult25To59, Sex.Female, null, null, null, [], ExploitationForm.Labour, "Baku");
            var referral = new NewReferral(receiver, [ServiceType.Shelter], Urgency.Routine, "Bench referral", Consent.Given, null);
            var stop = DateTime.UtcNow.AddSeconds(warmup + seconds);
            var measureFrom = DateTime.UtcNow.AddSeconds(warmup);
            var acknowledged = 0;
            var clock = new Stopwatch();
            var process = Process.GetCurrentProcess();
            var cpuAtStart = TimeSpan.Zero;
            var measuring = Task.Run(async () =>
            {
                await Task.Delay(measureFrom - DateTime.UtcNow);
                cpuAtStart = process.TotalProcessorTime;
                clock.Start();
                Volatile.Write(ref counting, true);
            });
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                while (DateTime.UtcNow < stop)
                {
                    var result = await service.CreateAsync(sender, person, referral);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException(result.Error);
                    }

                    if (Volatile.Read(ref counting))
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
            })));
            await measuring;
            Volatile.Write(ref counting, false);
            var wall = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuAtStart).TotalMilliseconds;

            Console.WriteLine($"writes: {writers} writers for {wall / 1000:F1} s after {warmup} s of warm-up");
            Console.WriteLine($"throughput: {acknowledged / wall * 1000:F1} referrals/s acknowledged; process CPU {cpu / acknowledged:F2} ms per referral ({cpu / wall:F2} cores)");
            if (totals.Batches > 0)
            {
                Console.WriteLine($"one writer: busy {totals.BatchMs / wall * 100:F1} % of the wall clock, {(double)totals.Writes / totals.Batches:F2} referrals per batch, " +
                    $"writes {(totals.BatchMs - totals.CommitMs) / totals.Writes:F3} ms per referral, COMMIT {totals.CommitMs / totals.Batches:F2} ms per batch");
            }

            return 0;
        }
        finally
        {
            BenchDatabase.Delete(file);
        }
    }

    private static async Task<(Caller Sender, int Receiver)> AddUsersAsync(IDbContextFactory<NrmDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var actors = await db.Actors.Where(a => a.Code == "mia-thb" || a.Code == "clean-world").ToDictionaryAsync(a => a.Code, a => a.Id);
        NrmUser User(string name, string actor) => new() { UserName = name, Email = name, DisplayName = name, ActorId = actors[actor] };
        var senders = Enumerable.Range(1, 20).Select(i => User($"send{i:D2}@bench", "mia-thb")).ToList();
        db.Users.AddRange(senders);
        db.Users.AddRange(Enumerable.Range(1, 20).Select(i => User($"load{i:D2}@bench", "clean-world")));
        await db.SaveChangesAsync();
        return (new Caller(senders[0].Id, actors["mia-thb"]), actors["clean-world"]);
    }
}
