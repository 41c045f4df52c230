using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using static NrmHub.Core.Actors.AdminErrorCodes;

namespace NrmHub.Core.Actors;

/// <summary>
/// Changes the NRM model (actors, mandates, channels) for administrators. Each change is validated with the seed's
/// rules inside one transaction, saved together with its <see cref="AuditEntry"/> in one SaveChanges, and then the
/// cached <see cref="ActorGraph"/> is invalidated. Bad input comes back as <see cref="AdminError"/>s, never as an
/// exception. Actors are never deleted, only deactivated: referrals and audit rows keep pointing at them.
/// </summary>
public sealed class ActorAdministration(
    IDbContextFactory<NrmDbContext> dbFactory,
    TimeProvider clock,
    ActorGraph graph,
    CountryProfile profile,
    ILogger<ActorAdministration> log)
{
    public const string ActorEntity = "Actor";
    public const string ChannelEntity = "Channel";

    public async Task<ActorForm?> LoadActorAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await db.Actors.AsNoTracking().Include(a => a.Mandates).SingleOrDefaultAsync(a => a.Code == code, ct);
        if (actor is null)
        {
            return null;
        }

        return AdminSnapshots.ToForm(actor, AdminSnapshots.Version(actor, await ParentCodeAsync(db, actor.ParentId, ct)));
    }

    public async Task<ChannelForm?> LoadChannelAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Include(c => c.FromActor).Include(c => c.ToActor).SingleOrDefaultAsync(c => c.Id == id, ct);
        return channel is null ? null : AdminSnapshots.ToForm(channel, AdminSnapshots.Version(channel));
    }

    public async Task<AdminResult> CreateActorAsync(ActorForm form, AuditUser by, CancellationToken ct = default)
    {
        AdminValidation.Normalise(form);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var errors = AdminValidation.Actor(form, profile);
        if (await db.Actors.AnyAsync(a => a.Code == form.Code, ct))
        {
            errors.Add(new(nameof(form.Code), CodeTaken, "Another actor already has this code.", form.Code));
        }

        var parents = await db.Actors.ToDictionaryAsync(a => a.Id, a => a.ParentId, ct);
        AddIfAny(errors, AdminValidation.Parent(null, form.ParentId, parents));
        if (errors.Count > 0)
        {
            return AdminResult.Failed(errors);
        }

        var actor = new Actor { Code = form.Code, ShortName = "", NameEn = "" };
        AdminSnapshots.Apply(form, actor);
        db.Actors.Add(actor);
        var parentCode = await ParentCodeAsync(db, actor.ParentId, ct);
        var after = AuditJson.Serialize(AdminSnapshots.Of(actor, parentCode));
        return await SaveAsync(db, tx, Audit(by, "actor.create", ActorEntity, actor.Code, null, after), () => AdminSnapshots.Version(actor, parentCode), ct);
    }

    public async Task<AdminResult> UpdateActorAsync(ActorForm form, AuditUser by, CancellationToken ct = default)
    {
        AdminValidation.Normalise(form);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var actor = await db.Actors.Include(a => a.Mandates).SingleOrDefaultAsync(a => a.Code == form.Code, ct);
        if (actor is null)
        {
            return AdminResult.Failed(new AdminError(nameof(form.Code), NotFound, "This actor no longer exists."));
        }

        var oldParent = await ParentCodeAsync(db, actor.ParentId, ct);
        var before = AuditJson.Serialize(AdminSnapshots.Of(actor, oldParent));
        if (form.Version != AdminSnapshots.Version(actor, oldParent))
        {
            return AdminResult.Failed(StaleError());
        }

        var errors = AdminValidation.Actor(form, profile);
        var parents = await db.Actors.ToDictionaryAsync(a => a.Id, a => a.ParentId, ct);
        AddIfAny(errors, AdminValidation.Parent(actor.Id, form.ParentId, parents));
        errors.AddRange(await MandatesStillCoverChannelsAsync(db, actor.Id, form, ct));
        if (errors.Count > 0)
        {
            return AdminResult.Failed(errors);
        }

        var unchangedVersion = form.Version;
        AdminSnapshots.Apply(form, actor);
        var parentCode = await ParentCodeAsync(db, actor.ParentId, ct);
        var after = AuditJson.Serialize(AdminSnapshots.Of(actor, parentCode));
        if (after == before && !db.ChangeTracker.HasChanges())
        {
            return AdminResult.Ok(unchangedVersion);
        }

        return await SaveAsync(db, tx, Audit(by, "actor.update", ActorEntity, actor.Code, before, after), () => AdminSnapshots.Version(actor, parentCode), ct);
    }

    /// <summary>Deactivates or reactivates an actor. Setting the state it already has changes and records nothing.</summary>
    public async Task<AdminResult> SetActorActiveAsync(string code, bool active, AuditUser by, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var actor = await db.Actors.Include(a => a.Mandates).SingleOrDefaultAsync(a => a.Code == code, ct);
        if (actor is null)
        {
            return AdminResult.Failed(new AdminError("Code", NotFound, "This actor no longer exists."));
        }

        var parentCode = await ParentCodeAsync(db, actor.ParentId, ct);
        var before = AuditJson.Serialize(AdminSnapshots.Of(actor, parentCode));
        if (actor.IsActive == active)
        {
            return AdminResult.Ok(AdminSnapshots.Version(actor, parentCode));
        }

        actor.IsActive = active;
        var after = AuditJson.Serialize(AdminSnapshots.Of(actor, parentCode));
        return await SaveAsync(db, tx, Audit(by, active ? "actor.reactivate" : "actor.deactivate", ActorEntity, actor.Code, before, after), () => AdminSnapshots.Version(actor, parentCode), ct);
    }

    public async Task<AdminResult> CreateChannelAsync(ChannelForm form, AuditUser by, CancellationToken ct = default)
    {
        AdminValidation.Normalise(form);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var actors = await ActorsByIdAsync(db, [form.FromActorId, form.ToActorId], ct);
        var errors = AdminValidation.Channel(form, actors);
        if (await db.Channels.AnyAsync(c => c.FromActorId == form.FromActorId && c.ToActorId == form.ToActorId, ct))
        {
            errors.Add(new(nameof(form.ToActorId), ChannelDuplicate, "A channel between these two actors already exists (it may be inactive): edit or reactivate it instead."));
        }

        if (errors.Count > 0)
        {
            return AdminResult.Failed(errors);
        }

        var channel = new ReferralChannel
        {
            FromActorId = form.FromActorId,
            FromActor = actors[form.FromActorId],
            ToActorId = form.ToActorId,
            ToActor = actors[form.ToActorId],
        };
        AdminSnapshots.Apply(form, channel);
        db.Channels.Add(channel);
        var after = AuditJson.Serialize(AdminSnapshots.Of(channel));
        return await SaveAsync(db, tx, Audit(by, "channel.create", ChannelEntity, AdminSnapshots.Key(channel), null, after), () => AdminSnapshots.Version(channel), ct);
    }

    /// <summary>Changes a channel's services, basis and time limit. Its two ends are its identity and stay as they are.</summary>
    public async Task<AdminResult> UpdateChannelAsync(ChannelForm form, AuditUser by, CancellationToken ct = default)
    {
        AdminValidation.Normalise(form);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var channel = await LoadChannelForChangeAsync(db, form.Id, ct);
        if (channel is null)
        {
            return AdminResult.Failed(new AdminError(nameof(form.Id), NotFound, "This channel no longer exists."));
        }

        var before = AuditJson.Serialize(AdminSnapshots.Of(channel));
        if (form.Version != AdminSnapshots.Version(channel))
        {
            return AdminResult.Failed(StaleError());
        }

        form.FromActorId = channel.FromActorId;
        form.ToActorId = channel.ToActorId;
        var errors = AdminValidation.Channel(form, new Dictionary<int, Actor> { [channel.FromActorId] = channel.FromActor!, [channel.ToActorId] = channel.ToActor! });
        if (errors.Count > 0)
        {
            return AdminResult.Failed(errors);
        }

        AdminSnapshots.Apply(form, channel);
        var after = AuditJson.Serialize(AdminSnapshots.Of(channel));
        if (after == before)
        {
            return AdminResult.Ok(form.Version);
        }

        return await SaveAsync(db, tx, Audit(by, "channel.update", ChannelEntity, AdminSnapshots.Key(channel), before, after), () => AdminSnapshots.Version(channel), ct);
    }

    /// <summary>Reactivating checks the channel again: the receiver's mandates may have changed while it was off.</summary>
    public async Task<AdminResult> SetChannelActiveAsync(int id, bool active, AuditUser by, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var channel = await LoadChannelForChangeAsync(db, id, ct);
        if (channel is null)
        {
            return AdminResult.Failed(new AdminError(nameof(ChannelForm.Id), NotFound, "This channel no longer exists."));
        }

        var before = AuditJson.Serialize(AdminSnapshots.Of(channel));
        if (channel.IsActive == active)
        {
            return AdminResult.Ok(AdminSnapshots.Version(channel));
        }

        if (active && AdminValidation.Unmandated(channel.Services, channel.ToActor!) is { Count: > 0 } missing)
        {
            var list = string.Join(", ", missing);
            return AdminResult.Failed(new AdminError(nameof(ChannelForm.Services), ChannelNotMandated, $"The receiving actor has no mandate for: {list}.", list));
        }

        channel.IsActive = active;
        var after = AuditJson.Serialize(AdminSnapshots.Of(channel));
        return await SaveAsync(db, tx, Audit(by, active ? "channel.reactivate" : "channel.deactivate", ChannelEntity, AdminSnapshots.Key(channel), before, after), () => AdminSnapshots.Version(channel), ct);
    }

    private async Task<AdminResult> SaveAsync(NrmDbContext db, IDbContextTransaction tx, AuditEntry entry, Func<string> versionAfter, CancellationToken ct)
    {
        db.AuditEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // The checks above ran inside this transaction, so only a rule the database holds on its own
            // (unique code or pair) can still trip; the caller gets a message, not a 500.
            log.LogWarning(e, "Administrative change {Action} on {EntityType} {EntityKey} refused by the database", entry.Action, entry.EntityType, entry.EntityKey);
            return AdminResult.Failed(StaleError());
        }

        graph.Invalidate();
        log.LogInformation("User {UserId} did {Action} on {EntityType} {EntityKey}", entry.UserId, entry.Action, entry.EntityType, entry.EntityKey);
        return AdminResult.Ok(versionAfter());
    }

    private AuditEntry Audit(AuditUser by, string action, string entityType, string key, string? before, string after) => new()
    {
        AtUtc = clock.GetUtcNow().UtcDateTime,
        UserId = by.UserId,
        UserActorId = by.ActorId,
        Action = action,
        EntityType = entityType,
        EntityKey = key,
        Before = before,
        After = after,
    };

    private static AdminError StaleError() =>
        new("", Stale, "Someone else changed this in the meantime. Reload it and make your change again.");

    private static void AddIfAny(List<AdminError> errors, AdminError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }

    /// <summary>Removing a service from an actor's mandates must not strand an active channel that brings people for it.</summary>
    private static async Task<List<AdminError>> MandatesStillCoverChannelsAsync(NrmDbContext db, int actorId, ActorForm form, CancellationToken ct)
    {
        var mandated = form.Mandates.SelectMany(m => m.Services).ToHashSet();
        var incoming = await db.Channels.AsNoTracking().Include(c => c.FromActor)
            .Where(c => c.ToActorId == actorId && c.IsActive).ToListAsync(ct);
        return incoming
            .SelectMany(c => c.Services.Where(s => !mandated.Contains(s)).Select(s => (Service: s, From: c.FromActor!.ShortName)))
            .GroupBy(x => x.Service)
            .Select(g =>
            {
                var detail = $"{g.Key} ({string.Join(", ", g.Select(x => x.From))})";
                return new AdminError(nameof(form.Mandates), MandateInUse, $"Active channels still bring referrals for {detail}: change or deactivate them first.", detail);
            })
            .ToList();
    }

    private static async Task<string?> ParentCodeAsync(NrmDbContext db, int? parentId, CancellationToken ct) =>
        parentId is { } id ? await db.Actors.Where(a => a.Id == id).Select(a => a.Code).SingleOrDefaultAsync(ct) : null;

    private static async Task<Dictionary<int, Actor>> ActorsByIdAsync(NrmDbContext db, int[] ids, CancellationToken ct) =>
        await db.Actors.Include(a => a.Mandates).Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

    private static Task<ReferralChannel?> LoadChannelForChangeAsync(NrmDbContext db, int id, CancellationToken ct) =>
        db.Channels.Include(c => c.FromActor).Include(c => c.ToActor).ThenInclude(a => a!.Mandates).SingleOrDefaultAsync(c => c.Id == id, ct);
}
