using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Hubs;

/// <summary>
/// Refused hub calls are audited like refused case reads: a client asking for notifications that are not its own,
/// or sending arguments out of range, is either broken or probing, and either is worth knowing. As a hub filter it
/// sees every refusal a hub method raises (<see cref="HubException"/>); methods that answer "no" without throwing
/// call <see cref="RefusedAsync"/> themselves.
/// </summary>
public sealed class HubAudit(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock) : IHubFilter
{
    public const string Action = "hub.call.refused";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException e)
        {
            await RefusedAsync(invocation.Context, invocation.HubMethodName, e.Message);
            throw;
        }
    }

    public async Task RefusedAsync(HubCallerContext context, string method, string reason, string? key = null)
    {
        var caller = context.User?.ToCaller();
        await using var db = await dbFactory.CreateDbContextAsync();
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, new AuditUser(caller?.UserId ?? context.UserIdentifier, caller?.ActorId), Action, "HubMethod", method,
            after: new { reason, key });
        await db.SaveChangesAsync();
    }
}
