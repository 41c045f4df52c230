using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

/// <summary>Remembers what would have been pushed live.</summary>
public sealed class RecordingNotifier : INotifier
{
    public List<Notification> Pushed { get; } = [];

    public Task PushAsync(IReadOnlyList<Notification> notifications, CancellationToken ct = default)
    {
        lock (Pushed)
        {
            Pushed.AddRange(notifications);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Throws when a transaction is about to commit: a crash after everything was written but before it counted.</summary>
public sealed class CrashOnCommit : DbTransactionInterceptor
{
    public bool Armed { get; set; } = true;

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Armed ? throw new InvalidOperationException("simulated crash at commit") : ValueTask.FromResult(result);
}

/// <summary>
/// The Azerbaijani seed and SOP over a migrated in-memory SQLite database, with one user per interesting actor.
/// "Restarting" builds new services over the same database, as a new process would.
/// </summary>
public sealed class SopTestBed : IAsyncDisposable
{
    public static readonly string SeedRoot = Path.Combine(RepositoryRoot(), "seed");

    // Thursday 19 March 2026, 10:00 in Baku (UTC+4): Novruz and Ramazan Bayrami start the next day.
    public static readonly DateTimeOffset Start = new(2026, 3, 19, 6, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection keeper;

    private SopTestBed(string connectionString)
    {
        ConnectionString = connectionString;
        keeper = new SqliteConnection(connectionString);
        keeper.Open();
        Seed = SeedReader.Read(SeedRoot, "az");
        SopSeed = SopSeedReader.Read(SeedRoot, Seed);
        Calendar = SopSeed.CalendarIn(Seed.Profile);
        Deadlines = new DeadlineEngine(Calendar);
    }

    /// <summary>One engine for the bed, as the app has one: it caches the SOP template between referrals.</summary>
    public DeadlineEngine Deadlines { get; }

    public string ConnectionString { get; }
    public SeedData Seed { get; }
    public SopSeedData SopSeed { get; }
    public WorkingCalendar Calendar { get; }
    public FakeTimeProvider Clock { get; } = new(Start);
    public RecordingNotifier Notifier { get; } = new();
    public Dictionary<string, int> Actors { get; private set; } = [];
    public Dictionary<string, string> Users { get; } = [];

    public static WorkingCalendar CreateCalendar(string zone)
    {
        var seed = SeedReader.Read(SeedRoot, "az");
        var sop = SopSeedReader.Read(SeedRoot, seed);
        return new WorkingCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone), sop.Calendar.Weekend, sop.Calendar.Holidays.Select(h => h.Date));
    }

    public static async Task<SopTestBed> CreateAsync()
    {
        var bed = new SopTestBed($"Data Source=file:sop-{Guid.NewGuid():N}?mode=memory&cache=shared");
        var factory = bed.Factory();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await DatabaseSetup.MigrateAsync(db);
        }

        await new SeedLoader(factory).ApplyAsync(bed.Seed);
        await new SopLoader(factory).ApplyAsync(bed.SopSeed);
        await using (var db = await factory.CreateDbContextAsync())
        {
            bed.Actors = await db.Actors.ToDictionaryAsync(a => a.Code, a => a.Id);
            foreach (var code in new[] { "tamas", "mia-ganja-ctu", "mia-thb", "national-coordinator", "mia" })
            {
                var user = new NrmUser { UserName = $"{code}@test", Email = $"{code}@test", DisplayName = code, ActorId = bed.Actors[code] };
                db.Users.Add(user);
                bed.Users[code] = user.Id;
            }

            await db.SaveChangesAsync();
        }

        return bed;
    }

    public IDbContextFactory<NrmDbContext> Factory(params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, ConnectionString);
        options.AddInterceptors(interceptors);
        return new PooledDbContextFactory<NrmDbContext>(options.Options);
    }

    public Caller CallerFor(string actorCode) => new(Users[actorCode], Actors[actorCode]);

    public ReferralService Referrals(IDbContextFactory<NrmDbContext>? factory = null)
    {
        factory ??= Factory();
        return new ReferralService(factory, new ActorGraph(factory, Seed.Profile), Seed.Profile, Clock, Notifier, Deadlines, new GroupCommit(factory), NullLogger<ReferralService>.Instance);
    }

    /// <summary>A fresh sweep, as a new process would build it.</summary>
    public DeadlineSweep Sweep(IDbContextFactory<NrmDbContext>? factory = null) =>
        new(factory ?? Factory(), Clock, Notifier, NullLogger<DeadlineSweep>.Instance);

    public async Task<OperationResult> SendAsync(string from, string to, ServiceType service = ServiceType.Identification)
    {
        var result = await Referrals().CreateAsync(
            CallerFor(from),
            new PersonInput("Test Person", null, AgeGroup.Adult25To59, Sex.Female, null, null, null, [], ExploitationForm.Labour, null),
            new NewReferral(Actors[to], [service], Urgency.Routine, null, Consent.Given, null));
        Assert.True(result.Succeeded, result.Error);
        return result;
    }

    public async Task<List<StepInstance>> StepsAsync()
    {
        await using var db = await Factory().CreateDbContextAsync();
        return await db.StepInstances.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
    }

    public async Task<List<Notification>> StoredAsync(string type)
    {
        await using var db = await Factory().CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.Type == type).OrderBy(n => n.Id).ToListAsync();
    }

    public async Task<int> VersionOfAsync(int referralId)
    {
        await using var db = await Factory().CreateDbContextAsync();
        return await db.Referrals.Where(r => r.Id == referralId).Select(r => r.Version).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await keeper.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NrmHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
