namespace NrmHub.Core.Identity;

public static class Roles
{
    /// <summary>Police anti-trafficking unit: identifies possible victims and sends referrals.</summary>
    public const string ReferralOfficer = nameof(ReferralOfficer);

    /// <summary>NGO or shelter staff: receives, accepts or declines referrals and records services.</summary>
    public const string ServiceProvider = nameof(ServiceProvider);

    /// <summary>National coordinator's office and working-group chairs.</summary>
    public const string Coordinator = nameof(Coordinator);

    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [ReferralOfficer, ServiceProvider, Coordinator, Admin];
}
