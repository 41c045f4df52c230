using System.Globalization;
using Microsoft.AspNetCore.Components;
using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;
using NrmHub.Core.Sop;

namespace NrmHub.Web.Components.Pages.Sop;

/// <summary>The SOP steps of one case with their clocks; CaseDetail shows it only to parties of the case.</summary>
public sealed partial class CaseDeadlines
{
    private IReadOnlyList<CaseStep> steps = [];
    private string? message;
    private bool busy;

    [Parameter, EditorRequired]
    public int CaseId { get; set; }

    [Parameter, EditorRequired]
    public Caller Caller { get; set; } = default!;

    [Parameter]
    public IReadOnlyDictionary<int, Actor> Names { get; set; } = new Dictionary<int, Actor>();

    [Inject]
    public required SopQueries Queries { get; init; }

    [Inject]
    public required WorkingCalendar Calendar { get; init; }

    [Inject]
    public required StepCompletion Completion { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    // The parent re-renders after every referral action or live notification; the steps are read again with it.
    protected override async Task OnParametersSetAsync() => steps = await Queries.ForCaseAsync(Caller, CaseId);

    private async Task CompleteAsync(CaseStep step)
    {
        busy = true;
        try
        {
            var result = await Completion.CompleteAsync(Caller, step.Id, step.Version);
            message = result.Succeeded ? string.Format(L["Sop.MarkedDone"], step.Name(Language)) : L[$"Sop.Error.{result.ErrorCode}"];
            steps = await Queries.ForCaseAsync(Caller, CaseId);
        }
        finally
        {
            busy = false;
        }
    }

    private string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Calendar.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string Remaining(CaseStep step)
    {
        if (step.State == StepState.Done)
        {
            return step.ClosedAtUtc is { } closed ? string.Format(L["Sop.DoneAt"], Local(closed)) : "";
        }

        var left = step.DueAtUtc - Clock.GetUtcNow().UtcDateTime;
        return left >= TimeSpan.Zero ? string.Format(L["Sop.Left"], Span(left)) : string.Format(L["Sop.OverdueBy"], Span(-left));
    }

    private string Span(TimeSpan span) => span.TotalHours >= 24
        ? string.Format(L["Sop.SpanDays"], (int)span.TotalDays, span.Hours)
        : string.Format(L["Sop.SpanHours"], (int)span.TotalHours, span.Minutes);

    private string StateText(CaseStep step) => step.State == StepState.Escalated
        ? string.Format(L["Sop.EscalatedLevel"], step.EscalationLevel)
        : L[$"Sop.State.{step.State}"];
}
