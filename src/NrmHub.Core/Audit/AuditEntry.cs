namespace NrmHub.Core.Audit;

/// <summary>
/// One read or change, append-only: the context refuses to update or delete these rows, and database triggers
/// refuse it too. Before/After hold JSON of the changed entity; case data never goes in as plain personal data.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC; a DateTime (not DateTimeOffset) so SQLite can order and filter by it.</summary>
    public DateTime AtUtc { get; set; }

    public string? UserId { get; set; }
    public int? UserActorId { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityKey { get; set; }
    public string? CaseCode { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>Who is acting, as the audit trail records it: a user id and that user's NRM actor, never a name.</summary>
public sealed record AuditUser(string? UserId, int? ActorId)
{
    public static readonly AuditUser System = new(null, null);
}
