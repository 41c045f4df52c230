using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NrmHub.Core.Sop;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Components.Pages.Sop;

/// <summary>Every overdue SOP step by region and owner actor, pseudonymous (case codes only), for coordinators.</summary>
public sealed partial class OverdueSteps
{
    private IReadOnlyList<OverdueStep> rows = [];

    [Inject]
    public required SopQueries Queries { get; init; }

    [Inject]
    public required WorkingCalendar Calendar { get; init; }

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
    }

    private string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Calendar.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string Span(TimeSpan span) => span.TotalHours >= 24
        ? string.Format(L["Sop.SpanDays"], (int)span.TotalDays, span.Hours)
        : string.Format(L["Sop.SpanHours"], (int)span.TotalHours, span.Minutes);
}
