using Bunit;
using Microsoft.EntityFrameworkCore;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

public sealed class ChannelEditorTests
{
    [Fact]
    public async Task New_channel_without_actors_shows_the_messages_at_from_to_and_services_in_azerbaijani_and_saves_nothing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "az");
        int before;
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            before = await db.Channels.CountAsync();
        }

        var cut = ctx.Render<AdminChannels>();
        await cut.Find("[data-testid=admin-channel-new]").ClickAsync(new());
        await cut.Find("form").SubmitAsync();

        var from = cut.Find("[data-testid=err-FromActorId]");
        Assert.NotNull(from.ParentElement!.QuerySelector("input[data-testid=channel-from]"));
        Assert.DoesNotContain("Choose an actor", from.TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=err-Services]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=channel-editor]"));
        await using var after = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(before, await after.Channels.CountAsync());
    }
}
