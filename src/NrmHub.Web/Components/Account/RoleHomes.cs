using System.Security.Claims;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

/// <summary>Where each role starts its day. One user has one role in practice; the first match wins.</summary>
public static class RoleHomes
{
    public static readonly IReadOnlyList<(string Role, string Path)> All =
    [
        (Roles.Admin, "/admin"),
        (Roles.Coordinator, "/coordination"),
        (Roles.ReferralOfficer, "/referrals"),
        (Roles.ServiceProvider, "/inbox"),
    ];

    public static string For(ClaimsPrincipal user) =>
        All.FirstOrDefault(h => user.IsInRole(h.Role)).Path ?? "/Account/Manage";
}
