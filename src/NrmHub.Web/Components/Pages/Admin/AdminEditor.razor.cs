using Microsoft.AspNetCore.Components;
using MudBlazor;
using NrmHub.Core.Actors;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>
/// The shell every admin editor shares. It owns the busy guard (a double click saves once), shows the outcome at the
/// top and moves focus there (on a long form it is otherwise off screen), and cascades itself so that the fields inside
/// find their own messages.
/// </summary>
public sealed partial class AdminEditor
{
    private bool busy;
    private bool focusNotice;
    private ElementReference notice;

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    /// <summary>The editor's test id; its title's id and the default ids of its buttons derive from it.</summary>
    [Parameter, EditorRequired]
    public required string TestId { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    [Parameter]
    public AdminResult? Result { get; set; }

    /// <summary>Shown after a save that keeps the editor open; null shows nothing.</summary>
    [Parameter]
    public string? SavedText { get; set; }

    /// <summary>Does the save and sets <see cref="Result"/>; the shell calls it at most once at a time.</summary>
    [Parameter]
    public EventCallback OnSave { get; set; }

    [Parameter]
    public EventCallback OnCancel { get; set; }

    /// <summary>Offered with a "changed by someone else" error, to load the current state.</summary>
    [Parameter]
    public EventCallback OnReload { get; set; }

    /// <summary>The fields whose messages have no input of their own and go into the summary at the top.</summary>
    [Parameter]
    public IReadOnlyList<string> GeneralFields { get; set; } = [""];

    /// <summary>A page's own wording of an error; the shared admin messages otherwise.</summary>
    [Parameter]
    public Func<AdminError, string>? ErrorText { get; set; }

    [Parameter]
    public Typo TitleTypo { get; set; } = Typo.h2;

    [Parameter]
    public string? SaveTestId { get; set; }

    [Parameter]
    public string? CancelTestId { get; set; }

    [Parameter]
    public string? ErrorsTestId { get; set; }

    public bool Busy => busy;

    public string Describe(AdminError error) => ErrorText?.Invoke(error) ?? L.Message(error);

    /// <summary>The messages for one field, in the user's language.</summary>
    public IReadOnlyList<string> MessagesFor(string field) =>
        Result is null ? [] : Result.For(field).Select(Describe).ToList();

    protected override void OnParametersSet()
    {
        SaveTestId ??= $"{TestId}-save";
        CancelTestId ??= $"{TestId}-cancel";
        ErrorsTestId ??= $"{TestId}-errors";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (focusNotice)
        {
            focusNotice = false;
            await notice.FocusAsync();
        }
    }

    private async Task SaveAsync()
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            await OnSave.InvokeAsync();
        }
        finally
        {
            busy = false;
        }

        focusNotice = Result is { Succeeded: false } || SavedText is not null;
    }
}
