using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NrmHub.Core.Sop;
using NrmHub.Web.Components.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Sop;

/// <summary>Every overdue SOP step by region and owner actor, pseudonymous (case codes only), for coordinators.</summary>
public sealed partial class OverdueSteps
{
    private IReadOnlyList<OverdueStep> rows = [];

    [Inject]
    public required SopQueries Queries { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private Dictionary<int, string> names = [];

    [Inject]
    public required TimeProvider Clock { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        if ((await AuthState).User.ToCaller() is { } caller)
        {
            rows = await Queries.OverdueAsync(caller);
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        names = (await db.Actors.AsNoTracking().ToListAsync()).ToDictionary(a => a.Id, a => a.Name(Cultures.Current));
    }

    private string ActorName(int id, string fallback) => names.GetValueOrDefault(id) ?? fallback;

    private async Task PrintAsync() => await JS.InvokeVoidAsync("print");

    private string Span(TimeSpan span) => span.TotalHours >= 24
        ? string.Format(L["Sop.SpanDays"], (int)span.TotalDays, span.Hours)
        : string.Format(L["Sop.SpanHours"], (int)span.TotalHours, span.Minutes);
}
