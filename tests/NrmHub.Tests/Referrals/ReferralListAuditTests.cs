using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Referrals;

public sealed class ReferralListAuditTests : IDisposable
{
    private readonly NrmAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Lists_of_referrals_are_audited_once_per_read_with_the_caller()
    {
        var referrals = app.Services.GetRequiredService<ReferralService>();
        var db = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        var coordinator = new Caller("coordinator-user", 1, IsCoordinator: true);
        var officer = new Caller("officer-user", 2);

        await referrals.QueryAsync(coordinator, new ReferralQuery(ReferralScope.All), TimeZoneInfo.Utc);
        await referrals.QueryAsync(officer, new ReferralQuery(ReferralScope.Outgoing), TimeZoneInfo.Utc);
        // A live refresh of a list already read is not a new read.
        await referrals.QueryAsync(officer, new ReferralQuery(ReferralScope.Outgoing), TimeZoneInfo.Utc, audit: false);

        await using var context = await db.CreateDbContextAsync();
        var rows = await context.AuditEntries.Where(a => a.Action == "referrals.list").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["coordinator-user:all", "officer-user:outgoing"], rows.Select(r => $"{r.UserId}:{r.EntityKey}"));
    }
}
