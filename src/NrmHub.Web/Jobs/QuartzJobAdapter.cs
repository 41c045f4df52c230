using NrmHub.Core.Jobs;
using Quartz;
using Quartz.Spi;

namespace NrmHub.Web.Jobs;

/// <summary>The one Quartz job class: it hands the fired job's key to <see cref="JobRunner"/>, which records and retries.</summary>
[DisallowConcurrentExecution]
public sealed class QuartzJobAdapter(JobRunner runner) : IJob
{
    public const string TriggerKey = "trigger";

    public Task Execute(IJobExecutionContext context)
    {
        var trigger = context.MergedJobDataMap.GetString(TriggerKey) == nameof(JobTrigger.Manual) ? JobTrigger.Manual : JobTrigger.Schedule;
        return runner.RunAsync(context.JobDetail.Key.Name, trigger, context.CancellationToken);
    }
}

/// <summary>Resolves Quartz jobs from DI (Quartz.Extensions.DependencyInjection is not obtainable here).</summary>
public sealed class ServiceProviderJobFactory(IServiceProvider services) : IJobFactory
{
    public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) =>
        (IJob)services.GetRequiredService(bundle.JobDetail.JobType);

    public void ReturnJob(IJob job) => (job as IDisposable)?.Dispose();
}
