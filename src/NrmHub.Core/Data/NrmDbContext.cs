using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Identity;

namespace NrmHub.Core.Data;

public class NrmDbContext(DbContextOptions<NrmDbContext> options) : IdentityDbContext<NrmUser>(options)
{
    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<ReferralChannel> Channels => Set<ReferralChannel>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Actor>(actor =>
        {
            actor.HasIndex(a => a.Code).IsUnique();
            actor.Property(a => a.Code).HasMaxLength(64);
            actor.Property(a => a.ShortName).HasMaxLength(64);
            actor.Property(a => a.NameEn).HasMaxLength(300);
            actor.Property(a => a.NameAz).HasMaxLength(300);
            actor.Property(a => a.NameRu).HasMaxLength(300);
            actor.Property(a => a.Region).HasMaxLength(100);
            actor.Property(a => a.Address).HasMaxLength(500);
            actor.Property(a => a.Kind).HasConversion<string>().HasMaxLength(40);
            actor.Property(a => a.Level).HasConversion<string>().HasMaxLength(20);
            actor.Property(a => a.AddressDisclosure).HasConversion<string>().HasMaxLength(20);
            actor.PrimitiveCollection(a => a.RegionsServed);
            actor.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
            actor.OwnsMany(a => a.Contacts, contacts =>
            {
                contacts.ToJson();
                contacts.Property(c => c.Kind).HasConversion<string>();
            });
            actor.HasMany(a => a.Mandates).WithOne().HasForeignKey(m => m.ActorId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Mandate>(mandate =>
        {
            mandate.Property(m => m.Pillar).HasConversion<string>().HasMaxLength(20);
            mandate.PrimitiveCollection(m => m.Services).ElementType().HasConversion<string>();
            mandate.Property(m => m.LegalBasisText).HasMaxLength(1000);
            mandate.Property(m => m.LegalBasisReference).HasMaxLength(300);
        });

        builder.Entity<ReferralChannel>(channel =>
        {
            channel.HasOne(c => c.FromActor).WithMany().HasForeignKey(c => c.FromActorId).OnDelete(DeleteBehavior.Restrict);
            channel.HasOne(c => c.ToActor).WithMany().HasForeignKey(c => c.ToActorId).OnDelete(DeleteBehavior.Restrict);
            channel.HasIndex(c => new { c.FromActorId, c.ToActorId }).IsUnique();
            channel.HasIndex(c => c.ToActorId);
            channel.PrimitiveCollection(c => c.Services).ElementType().HasConversion<string>();
            channel.Property(c => c.Basis).HasConversion<string>().HasMaxLength(20);
            channel.Property(c => c.TimeLimitNote).HasMaxLength(300);
        });

        builder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.Action).HasMaxLength(60);
            audit.Property(a => a.EntityType).HasMaxLength(60);
            audit.Property(a => a.EntityKey).HasMaxLength(100);
            audit.Property(a => a.CaseCode).HasMaxLength(40);
            audit.Property(a => a.UserId).HasMaxLength(450);
            audit.HasIndex(a => a.AtUtc);
            audit.HasIndex(a => new { a.EntityType, a.EntityKey });
            audit.HasIndex(a => a.CaseCode);
        });

        builder.Entity<NrmUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasOne(u => u.Actor).WithMany().HasForeignKey(u => u.ActorId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }
    }
}
