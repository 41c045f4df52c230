using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Jobs;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Foundation;

/// <summary>Every UI string goes through IStringLocalizer; these keep the three languages complete.</summary>
public sealed partial class LocalisationTests
{
    private static readonly string WebProject = Path.Combine(RepositoryRoot(), "src", "NrmHub.Web");

    private static Dictionary<string, string> Load(string suffix) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", $"UiText{suffix}.resx"))
            .Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    /// <summary>
    /// A button that shows "X" and is named "XLabel" for screen readers (the visible text plus what it acts on) must
    /// keep the visible words in its name, in every language, or speech users cannot say what they see (WCAG 2.5.3).
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(".az")]
    [InlineData(".ru")]
    public void Accessible_name_of_a_button_contains_its_visible_text(string suffix)
    {
        var texts = Load(suffix);
        var markup = string.Join("\n", Directory.EnumerateFiles(Path.Combine(WebProject, "Components"), "*.razor", SearchOption.AllDirectories).Select(File.ReadAllText));
        bool Used(string key) => markup.Contains($"L[\"{key}\"]", StringComparison.Ordinal);

        var mismatched = texts
            .Where(t => t.Key.EndsWith("Label", StringComparison.Ordinal) && texts.ContainsKey(t.Key[..^5]) && Used(t.Key) && Used(t.Key[..^5]))
            .Where(t => !t.Value.Contains(texts[t.Key[..^5]], StringComparison.OrdinalIgnoreCase))
            .Select(t => $"{t.Key}: '{t.Value}' does not contain '{texts[t.Key[..^5]]}'");
        Assert.Empty(mismatched);
    }

    [Theory]
    [InlineData(".az")]
    [InlineData(".ru")]
    public void Translation_has_every_english_key_and_no_empty_value(string suffix)
    {
        var english = Load("");
        var translated = Load(suffix);

        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        Assert.Empty(translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key));
    }

    /// <summary>The jobs page builds these keys from each job's key, so the literal-key check cannot see them.</summary>
    [Fact]
    public void Every_registered_job_has_a_name_and_a_description()
    {
        var keys = Load("").Keys.ToHashSet();
        using var app = new NrmAppFactory();
        var jobs = app.Services.GetRequiredService<JobRegistry>().All;

        Assert.NotEmpty(jobs);
        var missing = jobs.SelectMany(j => new[] { $"Jobs.Name.{j.Key}", j.DescriptionKey }).Except(keys).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_literal_key_used_in_a_component_exists()
    {
        var keys = Load("").Keys.ToHashSet();
        var missing = Directory.EnumerateFiles(Path.Combine(WebProject, "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => LiteralKey().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Key: m.Groups[1].Value)))
            .Where(use => !keys.Contains(use.Key))
            .Select(use => $"{use.File}: {use.Key}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_role_and_actor_kind_has_a_name()
    {
        var keys = Load("").Keys.ToHashSet();
        var needed = NrmHub.Core.Identity.Roles.All.Select(r => $"Role.{r}")
            .Concat(Enum.GetNames<NrmHub.Core.Actors.ActorKind>().Select(k => $"ActorKind.{k}"))
            .Concat(Enum.GetNames<NrmHub.Core.Actors.ActorLevel>().Select(k => $"ActorLevel.{k}"));

        var missing = needed.Where(k => !keys.Contains(k)).ToList();

        Assert.Empty(missing);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NrmHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NrmHub.sln not found");
    }

    [GeneratedRegex("""L\["([A-Za-z]+\.[A-Za-z0-9]+)"\]""")]
    private static partial Regex LiteralKey();
}
