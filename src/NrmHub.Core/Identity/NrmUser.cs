using Microsoft.AspNetCore.Identity;
using NrmHub.Core.Actors;

namespace NrmHub.Core.Identity;

/// <summary>A person who signs in. Every user works for exactly one NRM actor; access to cases follows that actor.</summary>
public class NrmUser : IdentityUser
{
    public required string DisplayName { get; set; }
    public int ActorId { get; set; }
    public Actor? Actor { get; set; }

    /// <summary>When an administrator disabled the account: it cannot sign in and has no session. Null while active.</summary>
    public DateTime? DisabledAtUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }
}
