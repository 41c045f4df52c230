using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NrmHub.Core.Audit;
using NrmHub.Core.Jobs;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Jobs;
using Radzen;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>Every background job with its schedule and last runs; refreshes itself every few seconds while open.</summary>
public sealed partial class JobsDashboard
{
    private IReadOnlyList<JobStatus> jobs = [];
    private bool schedulesEnabled = true;
    private Timer? refresh;

    [Inject]
    public required JobControl Control { get; init; }

    [Inject]
    public required JobScheduler Host { get; init; }

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

    private async Task RunNowAsync(string key)
    {
        Control.RunNow(key);
        await ReloadAsync();
    }

    private async Task PauseAsync(string key, bool paused)
    {
        await Control.SetPausedAsync(key, paused, await WhoAsync());
        await ReloadAsync();
    }

    private async Task<AuditUser> WhoAsync() =>
        Auth is null ? AuditUser.System : (await Auth).User.ToAuditUser();

    private string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Control.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static BadgeStyle Style(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => BadgeStyle.Success,
        JobOutcome.Retrying => BadgeStyle.Warning,
        _ => BadgeStyle.Danger,
    };

    public void Dispose() => refresh?.Dispose();
}
