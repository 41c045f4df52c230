using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Jobs;

/// <summary>Hangfire's own dashboard, for administrators only, beside NrmHub's localised summary at /admin/jobs.</summary>
public static class HangfireDashboard
{
    public const string Path = "/admin/hangfire";

    public static void MapHangfireDashboard(this WebApplication app)
    {
        // Two locks: the endpoint's policy (cookie sign-in, Admin role; anonymous 401, other roles 403) and the
        // dashboard's own filter, which Hangfire consults for every request it serves, its AJAX calls included.
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            AppPath = "/admin/jobs",
            DashboardTitle = "NrmHub · Hangfire",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
