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
    return 0;
}

app.UseApplicationPipeline();
await app.RunAsync();
return 0;

public partial class Program;
