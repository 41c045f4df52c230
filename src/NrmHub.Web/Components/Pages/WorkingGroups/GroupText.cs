using System.Security.Claims;
using Markdig;
using Markdig.Syntax;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using NrmHub.Core;
using NrmHub.Core.Actors;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.WorkingGroups;

/// <summary>How the working-group pages word refusals, names and Markdown, in one place.</summary>
public static class GroupText
{
    // Raw HTML in the text is shown as text, never run: terms of reference and minutes are typed by many people.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    public static GroupViewer? ToGroupViewer(this ClaimsPrincipal user) =>
        user.ToCaller() is { } c ? new GroupViewer(c.UserId, c.ActorId, c.IsCoordinator, c.IsAdmin) : null;

    /// <summary>
    /// Markdown as HTML with raw HTML escaped. Its headings move two levels down, so a "# Mandate" typed in the terms
    /// of reference sits under the page's own h1 and the section's h2 instead of breaking the page's outline.
    /// </summary>
    public static MarkupString Markdown(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MarkupString("");
        }

        var document = Markdig.Markdown.Parse(text, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 2);
        }

        return new MarkupString(document.ToHtml(Pipeline));
    }

    public static string Error(IStringLocalizer<UiText> text, FormError error)
    {
        if (error is { Code: FormErrorCodes.TooLong, Limit: { } limit, Length: { } length })
        {
            return string.Format(text["Error.TooLong"], limit, length);
        }

        var localized = text[$"Groups.Error.{error.Code}"];
        return localized.ResourceNotFound ? error.Message : localized.Value;
    }

    /// <summary>The refusals of a result by field, in the user's language; an empty field name is the form's own message.</summary>
    public static Dictionary<string, string> ByField(IStringLocalizer<UiText> text, FormResult result) =>
        result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => Error(text, e))));

    public static string ActorName(IReadOnlyDictionary<int, Actor> actors, int id) =>
        actors.TryGetValue(id, out var actor) ? actor.ShortNameIn(Cultures.Current) : "—";

    public static string Theme(IStringLocalizer<UiText> text, WorkingGroup group) =>
        string.Join(" · ", new[] { group.Pillar is { } p ? text[$"Pillar.{p}"].Value : null, group.Topic }.Where(s => s is not null));

    public static Color StatusColor(GroupStatus status) => status switch
    {
        GroupStatus.Active => Color.Success,
        GroupStatus.Forming => Color.Info,
        GroupStatus.Dormant => Color.Warning,
        _ => Color.Default,
    };
}
