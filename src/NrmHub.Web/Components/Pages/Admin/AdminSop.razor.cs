using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NrmHub.Core.Actors;
using NrmHub.Core.Sop;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>The country's SOP template (issue 5): every step with its clock, editable by administrators.</summary>
public sealed partial class AdminSop
{
    private IReadOnlyList<SopStep> steps = [];
    private SopStepForm? form;
    private string escalationText = "";
    private AdminResult? result;
    private bool busy;
    private string? message;
    private bool messageIsError;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required SopAdministration Administration { get; init; }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    protected override async Task OnInitializedAsync() => steps = await Administration.ListAsync();

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
        if (form is null || busy)
        {
            return;
        }

        busy = true;
        try
        {
            form.Escalation = [.. escalationText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            result = await Administration.UpdateAsync(form, (await AuthState).User.ToAuditUser());
            if (result.Succeeded)
            {
                message = string.Format(CultureInfo.CurrentCulture, L["Sop.Admin.Saved"], form.Id);
                messageIsError = false;
                Close();
                steps = await Administration.ListAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>"Sop.Admin.Error.{code}" for this page's codes, the shared admin messages for the others.</summary>
    private string Text(AdminError error)
    {
        var text = L[$"Sop.Admin.Error.{error.Code}"];
        return text.ResourceNotFound ? L.Message(error) : string.Format(CultureInfo.CurrentCulture, text.Value, error.Detail ?? "");
    }
}
