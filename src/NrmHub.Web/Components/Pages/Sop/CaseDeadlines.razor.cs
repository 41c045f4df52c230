using System.Globalization;
using Microsoft.AspNetCore.Components;
using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;
using NrmHub.Core.Sop;
using MudBlazor;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Sop;

/// <summary>The SOP steps of one case with their clocks; CaseDetail shows it only to parties of the case.</summary>
public sealed partial class CaseDeadlines
{
    private IReadOnlyList<CaseStep> steps = [];
    private string? message;
    private bool busy;
    private bool succeeded;

    [Parameter, EditorRequired]
    public int CaseId { get; set; }

    [Parameter, EditorRequired]
    public Caller Caller { get; set; } = default!;

    [Parameter]
    public IReadOnlyDictionary<int, Actor> Names { get; set; } = new Dictionary<int, Actor>();

    [Inject]
    public required SopQueries Queries { get; init; }

    [Inject]
    public required StepCompletion Completion { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    // The parent re-renders after every referral action or live notification; the steps are read again with it.
    protected override async Task OnParametersSetAsync() => steps = await Queries.ForCaseAsync(Caller, CaseId);

    private async Task CompleteAsync(CaseStep step)
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Completion.CompleteAsync(Caller, step.Id, step.Version);
            succeeded = result.Succeeded;
            message = result.Succeeded ? string.Format(L["Sop.MarkedDone"], step.Name(Language)) : L[$"Sop.Error.{result.ErrorCode}"];
            steps = await Queries.ForCaseAsync(Caller, CaseId);
        }
        finally
        {
            busy = false;
        }
    }

    public static Color StepColor(StepState state) => state switch
    {
        StepState.Done => Color.Success,
        StepState.Overdue or StepState.Escalated => Color.Error,
        _ => Color.Default,
    };

    private string Remaining(CaseStep step)
    {
        if (step.State == StepState.Done)
        {
            return step.ClosedAtUtc is { } closed ? string.Format(L["Sop.DoneAt"], Time.At(closed)) : "";
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
