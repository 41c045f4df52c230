using System.Globalization;
using Hangfire;
using Hangfire.InMemory;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Jobs;
using NrmHub.Core.Referrals;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Web.Jobs;

public static class JobsHosting
{
    /// <summary>
    /// The job registry: every recurring job of the app, with its default schedule (cron, in the country's time
    /// zone; <c>Jobs:&lt;Key&gt;:Cron</c> overrides it).
    /// </summary>
    private static JobRegistry Register(JobRegistry jobs) => jobs
        .Add<DeadlineSweepJob>(DeadlineSweepJob.Key, "* * * * *", "Jobs.DeadlineSweep.Description")
        .Add<ActorMappingJob>(ActorMappingJob.Key, "30 2 * * *", "Jobs.ActorMapping.Description")
        .Add<CaseRetention>(CaseRetention.Key, "15 3 * * *", "Jobs.Retention.Description")
        .Add<KpiRecomputeJob>(KpiRecomputeJob.Key, "45 2 * * *", "Jobs.KpiRecompute.Description");


    public static void AddBackgroundJobs(this IServiceCollection services)
    {
        services.AddSingleton(_ => Register(new JobRegistry()));
        services.AddSingleton(sp => RetryOptions(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IExportText, ResourceExportText>();
        services.AddTransient<DeadlineSweepJob>();
        services.AddTransient<ActorMappingJob>();
        services.AddTransient<CaseRetention>();
        services.AddTransient<KpiRecomputeJob>();
        services.AddTransient<HangfireJob>();
        services.AddSingleton<JobGate>();

        // A storage of its own per host, registered before AddHangfire so that Hangfire's static JobStorage.Current
        // is never what a host uses: test hosts share one process, and with a shared storage one host's workers
        // would run another host's jobs against the wrong database. The state jobs act on is in NrmHub's database.
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, o) =>
        {
            var settings = sp.GetRequiredService<IConfiguration>();
            o.WorkerCount = settings.GetValue("Jobs:Workers", 2);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(settings.GetValue("Jobs:PollingSeconds", 5.0));
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            o.ServerName = $"nrmhub-{Environment.MachineName}-{Environment.ProcessId}";
        });
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        services.AddSingleton<JobControl>();
    }

    /// <summary><c>Jobs:RetryBackoffSeconds</c>, e.g. "10,30,90": the waits before each retry (three retries by default).</summary>
    private static JobRetryOptions RetryOptions(IConfiguration settings)
    {
        var text = settings["Jobs:RetryBackoffSeconds"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JobRetryOptions();
        }

        var waits = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? TimeSpan.FromSeconds(v)
                : throw new InvalidOperationException($"Jobs:RetryBackoffSeconds holds '{s}', which is not a number of seconds."))
            .ToList();
        return new JobRetryOptions { Backoff = waits };
    }
}
