using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Identity;

namespace NrmHub.Core.Data;

public class NrmDbContext(DbContextOptions<NrmDbContext> options) : IdentityDbContext<NrmUser>(options)
{
    public DbSet<Actor> Actors => Set<Actor>();

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
            actor.Property(a => a.Kind).HasConversion<string>().HasMaxLength(40);
            actor.Property(a => a.Level).HasConversion<string>().HasMaxLength(20);
        });

        builder.Entity<NrmUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasOne(u => u.Actor).WithMany().HasForeignKey(u => u.ActorId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
