using System.Security.Claims;
using NrmHub.Core.Audit;

namespace NrmHub.Web.Components.Account;

public static class AuditUsers
{
    /// <summary>Who is acting, as the audit trail records it: the user's id and actor, never a name or e-mail.</summary>
    public static AuditUser ToAuditUser(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier), user.GetActorId());
}
