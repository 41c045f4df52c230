using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Sop;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>The country's SOP template (issue 5): every step with its clock, editable by administrators.</summary>
public sealed partial class AdminSop
{
    private static readonly System.Resources.ResourceManager English = new(typeof(Resources.UiText).FullName!, typeof(Resources.UiText).Assembly);

    private IReadOnlyList<SopStep> steps = [];
    private Dictionary<string, string> actorNames = [];
    private SopStepForm? form;
    private string? escalationText = "";
    private AdminResult? result;
    private string? message;
    private bool messageIsError;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required SopAdministration Administration { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    private static string Language => Cultures.Current;

    protected override async Task OnInitializedAsync()
    {
        steps = await Administration.ListAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        actorNames = (await db.Actors.AsNoTracking().ToListAsync()).ToDictionary(a => a.Code, a => a.ShortNameIn(Language));
    }

    private bool Has(string field) => result?.For(field).Any() == true;

    /// <summary>"Receiver", "CaseOpener", "actor:national-coordinator" as the user reads them.</summary>
    private string OwnerName(string owner) =>
        owner.StartsWith(SopStep.ActorPrefix, StringComparison.Ordinal)
            ? actorNames.GetValueOrDefault(owner[SopStep.ActorPrefix.Length..]) ?? owner[SopStep.ActorPrefix.Length..]
            : Known($"Sop.OwnerRole.{owner}", owner);

    private string EscalationName(string entry) =>
        entry == SopStep.OwnerParent ? L["Sop.OwnerRole.OwnerParent"] : actorNames.GetValueOrDefault(entry) ?? entry;

    /// <summary>
    /// The seed's sources are English. A translation applies only while the step's source is still the English text it
    /// translates, so a country with other sources (or a changed one) shows its own text rather than a wrong translation.
    /// </summary>
    private string SourceText(SopStep step)
    {
        var key = $"Sop.Source.{step.Id}";
        return English.GetString(key, CultureInfo.InvariantCulture) == step.Source ? L[key] : step.Source;
    }

    private string Known(string key, string fallback)
    {
        var text = L[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }

    private async Task EditAsync(string id)
    {
        result = null;
        message = null;
        form = await Administration.LoadAsync(id);
        if (form is null)
        {
            message = L["Admin.Error.NotFound"];
            messageIsError = true;
            steps = await Administration.ListAsync();
            return;
        }

        escalationText = string.Join(", ", form.Escalation);
    }

    private void Close()
    {
        form = null;
        result = null;
    }

    private async Task SaveAsync()
    {
        if (form is null)
        {
            return;
        }

        form.Escalation = [.. (escalationText ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        result = await Administration.UpdateAsync(form, (await AuthState).User.ToAuditUser());
        if (result.Succeeded)
        {
            message = string.Format(CultureInfo.CurrentCulture, L["Sop.Admin.Saved"], form.Id);
            messageIsError = false;
            Close();
            steps = await Administration.ListAsync();
        }
    }

    /// <summary>"Sop.Admin.Error.{code}" for this page's codes, the shared admin messages for the others.</summary>
    private string Text(AdminError error)
    {
        var text = L[$"Sop.Admin.Error.{error.Code}"];
        return text.ResourceNotFound ? L.Message(error) : string.Format(CultureInfo.CurrentCulture, text.Value, error.Detail ?? "");
    }
}
