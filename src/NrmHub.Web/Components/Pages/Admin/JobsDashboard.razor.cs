using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NrmHub.Core.Audit;
using NrmHub.Core.Jobs;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Jobs;
using MudBlazor;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>Every background job with its schedule and last runs; refreshes itself every few seconds while open.</summary>
public sealed partial class JobsDashboard
{
    private IReadOnlyList<JobStatus> jobs = [];
    private bool schedulesEnabled = true;
    private Timer? refresh;
    private bool busy;

    [Inject]
    public required JobControl Control { get; init; }

    [Inject]
    public required JobScheduler Host { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? Auth { get; set; }

    protected override async Task OnInitializedAsync()
    {
        schedulesEnabled = Host.SchedulesEnabled;
        jobs = await Control.StatusAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            refresh = new Timer(_ => InvokeAsync(ReloadAsync), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        }
    }

    private async Task ReloadAsync()
    {
        jobs = await Control.StatusAsync();
        StateHasChanged();
    }

    private Task RunNowAsync(string key) => OnceAsync(async () =>
    {
        Control.RunNow(key);
        await ReloadAsync();
    });

    private Task PauseAsync(string key, bool paused) => OnceAsync(async () =>
    {
        await Control.SetPausedAsync(key, paused, await WhoAsync());
        await ReloadAsync();
    });

    /// <summary>A double click runs a job, or pauses it, once.</summary>
    private async Task OnceAsync(Func<Task> work)
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            await work();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task<AuditUser> WhoAsync() =>
        Auth is null ? AuditUser.System : (await Auth).User.ToAuditUser();

    private static Color Style(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => Color.Success,
        JobOutcome.Retrying => Color.Warning,
        _ => Color.Error,
    };

    public void Dispose() => refresh?.Dispose();
}
