using System.Text.Json;
using System.Text.Json.Serialization;
using NrmHub.Core.Data;

namespace NrmHub.Core.Audit;

public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Adds an entry to the context, so it commits (or not) together with the change it records.</summary>
    public static void Record(NrmDbContext db, DateTime atUtc, AuditUser who, string action, string entityType, string entityKey, string? caseCode = null, object? before = null, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = atUtc,
            UserId = who.UserId,
            UserActorId = who.ActorId,
            Action = action,
            EntityType = entityType,
            EntityKey = entityKey,
            CaseCode = caseCode,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
}
