using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

public sealed partial class AdminChannels
{
    private List<Row> rows = [];
    private List<ChannelEditor.ActorOption> actorOptions = [];
    private string search = "";
    private ChannelForm? form;
    private AdminResult? result;
    private string? message;
    private bool messageIsError;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required ActorAdministration Administration { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    private IEnumerable<Row> Visible => string.IsNullOrWhiteSpace(search)
        ? rows
        : rows.Where(r => r.SearchText.Contains(search.Trim(), StringComparison.CurrentCultureIgnoreCase));

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var lang = Cultures.Current;
        var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).OrderBy(a => a.ShortName).ToListAsync();
        var byId = actors.ToDictionary(a => a.Id);
        actorOptions = actors.Select(a => new ChannelEditor.ActorOption(
            a.Id,
            a.IsActive ? $"{a.ShortNameIn(lang)} ({a.Code})" : $"{a.ShortNameIn(lang)} ({a.Code}) – {L["Actors.Inactive"]}",
            a.Mandates.SelectMany(m => m.Services).Distinct().Order().ToList())).ToList();
        var channels = await db.Channels.AsNoTracking().ToListAsync();
        rows = channels
            .Select(c => new Row(
                c.Id,
                byId[c.FromActorId].ShortNameIn(lang),
                byId[c.ToActorId].ShortNameIn(lang),
                $"{byId[c.FromActorId].Code}->{byId[c.ToActorId].Code}",
                string.Join(", ", c.Services.Select(s => L[$"Service.{s}"].Value)),
                L[$"Basis.{c.Basis}"],
                c.TimeLimitNote,
                c.IsActive))
            .OrderBy(r => r.From, StringComparer.CurrentCulture).ThenBy(r => r.To, StringComparer.CurrentCulture)
            .ToList();
    }

    private void New()
    {
        form = new ChannelForm();
        result = null;
        message = null;
    }

    private async Task EditAsync(int id)
    {
        result = null;
        message = null;
        form = await Administration.LoadChannelAsync(id);
        if (form is null)
        {
            ShowError(L["Admin.Error.NotFound"]);
            await LoadAsync();
        }
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

        var by = (await AuthState).User.ToAuditUser();
        var isNew = form.Id == 0;
        result = isNew ? await Administration.CreateChannelAsync(form, by) : await Administration.UpdateChannelAsync(form, by);
        if (result.Succeeded)
        {
            var from = actorOptions.FirstOrDefault(a => a.Id == form.FromActorId)?.Label;
            var to = actorOptions.FirstOrDefault(a => a.Id == form.ToActorId)?.Label;
            message = string.Format(isNew ? L["Admin.Channels.Created"] : L["Admin.Channels.Updated"], from, to);
            messageIsError = false;
            Close();
            await LoadAsync();
        }
    }

    private async Task SetActiveAsync(Row row, bool active)
    {
        var change = await Administration.SetChannelActiveAsync(row.Id, active, (await AuthState).User.ToAuditUser());
        if (change.Succeeded)
        {
            message = string.Format(active ? L["Admin.Channels.Reactivated"] : L["Admin.Channels.Deactivated"], row.From, row.To);
            messageIsError = false;
        }
        else
        {
            ShowError(string.Join(" ", change.Errors.Select(L.Message)));
        }

        await LoadAsync();
    }

    private void ShowError(string text)
    {
        message = text;
        messageIsError = true;
    }

    private sealed record Row(int Id, string From, string To, string Key, string Services, string Basis, string? TimeLimit, bool IsActive)
    {
        public string SearchText { get; } = string.Join(" ", From, To, Key, Services, Basis);
    }
}
