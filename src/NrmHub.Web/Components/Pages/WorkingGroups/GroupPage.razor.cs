using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.WorkingGroups;

/// <summary>
/// One group: its public summary for everyone signed in; for members and coordinators also its overview, meetings,
/// board and KPIs. A section asked for by someone who may not see it answers 404, like a case that is not theirs.
/// </summary>
public sealed partial class GroupPage
{
    private static readonly string[] Known = ["board", "meetings", "kpis"];
    private GroupSummary? summary;
    private GroupDetails? details;
    private Dictionary<int, Actor> actors = [];
    private bool loaded;

    [Parameter]
    public int Id { get; set; }

    [Parameter]
    public string? Section { get; set; }

    [Inject]
    public required GroupService Groups { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Present while prerendering: lets a refused section answer 404.</summary>
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    private string Title => summary?.Group.Name(Cultures.Current) ?? L["Groups.Title"];

    private IEnumerable<(string Key, string Label)> Sections =>
    [
        ("", L["Groups.Section.Overview"]),
        ("meetings", L["Groups.Section.Meetings"]),
        ("board", L["Groups.Section.Board"]),
        ("kpis", L["Groups.Section.Kpis"]),
    ];

    protected override async Task OnParametersSetAsync()
    {
        if (actors.Count == 0)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            actors = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var viewer = (await AuthState).User.ToGroupViewer();
        var unknownSection = Section is not null && !Known.Contains(Section);
        summary = viewer is null || unknownSection ? null : await Groups.SummaryAsync(Id, viewer);
        details = summary is { SeesDetails: true } ? await Groups.DetailsAsync(Id, viewer!) : null;
        loaded = true;
        if ((summary is null || (Section is not null && details is null)) && HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static Dictionary<string, object?> Current(bool current, string testId) =>
        current ? new() { ["aria-current"] = "page", ["data-testid"] = testId } : new() { ["data-testid"] = testId };
}
