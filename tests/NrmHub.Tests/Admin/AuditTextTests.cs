using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Tests.Admin;

public sealed class AuditTextTests
{
    // The culture is set here, not in an async helper: a culture set inside an awaited method does not flow back out.
    private static AuditText Create(ComponentContext ctx, SopTestBed bed) =>
        new(ctx.Services.GetRequiredService<IStringLocalizer<UiText>>(), bed.Seed.Profile,
            new Dictionary<int, string> { [32] = "МВД" }, new Dictionary<string, string> { ["mia"] = "МВД" });

    [Theory]
    [InlineData("FromActorId", "32", "МВД")]
    [InlineData("toActorId", "32", "МВД")]
    [InlineData("from", "mia", "МВД")]
    [InlineData("Services", "LegalAid, Shelter", "Юридическая помощь, Приют")]
    [InlineData("mandates[0].services", "Shelter", "Приют")]
    [InlineData("State", "Sent", "Отправлено")]
    [InlineData("contacts[1].kind", "Email", "Эл. почта")]
    [InlineData("region", "Ganja", "Гянджа")]
    [InlineData("FromActorId", "999", "999")]
    [InlineData("nameEn", "LegalAid", "LegalAid")]
    public async Task Values_in_russian(string path, string stored, string shown)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "ru");

        Assert.Equal(shown, Create(ctx, bed).Value(path, stored));
    }
}
