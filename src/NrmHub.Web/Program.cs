using NrmHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseRepositoryDevelopmentSettings();
builder.AddApplicationServices();

var app = builder.Build();

if (!await app.InitializeAsync())
{
    return 1;
}

if (await app.RunCommandAsync())
{
    // The command sets the exit code on failure (an int returned from Main would override Environment.ExitCode).
    return Environment.ExitCode;
}

app.UseApplicationPipeline();
await app.RunAsync();
return 0;

public partial class Program;
