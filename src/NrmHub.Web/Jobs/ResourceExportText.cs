using System.Globalization;
using System.Resources;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Jobs;

/// <summary>The exports' texts from the UI resources, in the language asked for rather than the current request's.</summary>
public sealed class ResourceExportText : IExportText
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public string Get(string language, string key) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo(language)) ?? key;
}
