using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace NrmHub.Web.Hosting;

public static class DevelopmentSettings
{
    /// <summary>
    /// The development settings live at the top of the repository (the card fixes that) and are copied next to
    /// the binaries. Point the host's own appsettings.Development.json source there, so environment variables
    /// and the command line still override it as usual.
    /// </summary>
    public static void UseRepositoryDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }

        var file = $"appsettings.{builder.Environment.EnvironmentName}.json";
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, file)))
        {
            return;
        }

        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        var source = sources.OfType<JsonConfigurationSource>().FirstOrDefault(s => s.Path == file);
        if (source is null)
        {
            return;
        }

        var index = sources.IndexOf(source);
        sources[index] = new JsonConfigurationSource
        {
            Path = file,
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
    }
}
