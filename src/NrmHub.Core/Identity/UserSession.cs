namespace NrmHub.Core.Identity;

/// <summary>
/// One signed-in browser. The cookie carries only <see cref="Id"/>; the authentication ticket itself stays here, so
/// deleting the row ends the session on the server: a copy of the cookie taken before sign-out is worth nothing after.
/// </summary>
public class UserSession
{
    public const int IdLength = 43;

    /// <summary>256 random bits, base64url.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ExpiresUtc { get; set; }

    /// <summary>The serialized ticket, encrypted with the app's Data Protection keys.</summary>
    public required byte[] Ticket { get; set; }
}
