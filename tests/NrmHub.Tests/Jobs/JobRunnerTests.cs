using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Jobs;

public sealed class JobRunnerTests(NrmAppFactory app) : IClassFixture<NrmAppFactory>
{
    private sealed class FlakyJob : INrmJob
    {
        public int FailuresLeft { get; set; }

        public int Calls { get; private set; }

        public Task<string?> RunAsync(CancellationToken ct)
        {
            Calls++;
            if (FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("The partner system did not answer.");
            }

            return Task.FromResult<string?>("done");
        }
    }

    private (JobRunner Runner, FlakyJob Job) Runner(string key, int failures, params double[] backoffMs)
    {
        var job = new FlakyJob { FailuresLeft = failures };
        var services = new ServiceCollection().AddSingleton(job).BuildServiceProvider();
        var registry = new JobRegistry().Add<FlakyJob>(key, "0 0 0 1 1 ? 2099", "Jobs.Title");
        var retry = new JobRetryOptions { Backoff = backoffMs.Select(TimeSpan.FromMilliseconds).ToList() };
        var runner = new JobRunner(services.GetRequiredService<IServiceScopeFactory>(), DbFactory, registry, retry, TimeProvider.System, NullLogger<JobRunner>.Instance);
        return (runner, job);
    }

    private IDbContextFactory<NrmDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();

    private async Task<List<JobRun>> RunsAsync(string key)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.JobRuns.Where(r => r.JobKey == key).OrderBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Run_always_throwing_is_retried_with_backoff_then_marked_failed_without_throwing()
    {
        var (runner, job) = Runner("always-fails", failures: int.MaxValue, 100, 200);

        var outcome = await runner.RunAsync("always-fails", JobTrigger.Manual, CancellationToken.None);

        Assert.Equal(JobOutcome.Failed, outcome);
        Assert.Equal(3, job.Calls);
        var runs = await RunsAsync("always-fails");
        Assert.Equal([JobOutcome.Retrying, JobOutcome.Retrying, JobOutcome.Failed], runs.Select(r => r.Outcome));
        Assert.Equal([1, 2, 3], runs.Select(r => r.Attempt));
        Assert.All(runs, r => Assert.StartsWith("InvalidOperationException: The partner system", r.Message));
        Assert.All(runs, r => Assert.Equal(JobTrigger.Manual, r.Trigger));

        // The waits grow: at least 100 ms before the second attempt and 200 ms before the third.
        Assert.True(runs[1].StartedAtUtc - runs[0].FinishedAtUtc >= TimeSpan.FromMilliseconds(90));
        Assert.True(runs[2].StartedAtUtc - runs[1].FinishedAtUtc >= TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public async Task Run_failing_once_succeeds_on_the_second_attempt()
    {
        var (runner, _) = Runner("fails-once", failures: 1, 10, 10);

        var outcome = await runner.RunAsync("fails-once", JobTrigger.Schedule, CancellationToken.None);

        Assert.Equal(JobOutcome.Succeeded, outcome);
        var runs = await RunsAsync("fails-once");
        Assert.Equal([JobOutcome.Retrying, JobOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Equal("done", runs[1].Message);
    }

    [Fact]
    public async Task Run_error_text_is_truncated()
    {
        Assert.Equal(JobRun.MaxErrorLength, JobRun.Truncate(new string('x', 5000)).Length);
        var (runner, _) = Runner("ok-job", failures: 0);
        Assert.Equal(JobOutcome.Succeeded, await runner.RunAsync("ok-job", JobTrigger.Manual, CancellationToken.None));
    }

    [Fact]
    public async Task Scheduled_run_of_a_paused_job_does_nothing()
    {
        var (runner, job) = Runner("paused-job", failures: 0);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            db.JobStates.Add(new JobState { JobKey = "paused-job", Paused = true, ChangedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await runner.RunAsync("paused-job", JobTrigger.Schedule, CancellationToken.None);
        Assert.Equal(0, job.Calls);

        await runner.RunAsync("paused-job", JobTrigger.Manual, CancellationToken.None);
        Assert.Equal(1, job.Calls);
    }
}
