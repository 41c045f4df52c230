using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Identity;
using NrmHub.Core.Indicators;
using NrmHub.Core.Jobs;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Core.Data;

public class NrmDbContext : IdentityDbContext<NrmUser>, IDataProtectionKeyContext
{
    public NrmDbContext(DbContextOptions<NrmDbContext> options)
        : base(options)
    {
        // Every save in a transaction, a lone INSERT too: transactions are where the WriteGate queues writers.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<ReferralChannel> Channels => Set<ReferralChannel>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseProfile> CaseProfiles => Set<CaseProfile>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationCursor> NotificationCursors => Set<NotificationCursor>();
    public DbSet<SopStep> SopSteps => Set<SopStep>();
    public DbSet<StepInstance> StepInstances => Set<StepInstance>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<JobState> JobStates => Set<JobState>();
    public DbSet<MappingSnapshot> MappingSnapshots => Set<MappingSnapshot>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<WorkingGroup> WorkingGroups => Set<WorkingGroup>();
    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();
    public DbSet<GroupPerson> GroupPeople => Set<GroupPerson>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingAttendance> MeetingAttendance => Set<MeetingAttendance>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();
    public DbSet<ActionItemDeadline> ActionItemDeadlines => Set<ActionItemDeadline>();
    public DbSet<Kpi> Kpis => Set<Kpi>();
    public DbSet<KpiMeasurement> KpiMeasurements => Set<KpiMeasurement>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityParticipants> ActivityParticipants => Set<ActivityParticipants>();
    public DbSet<PublishedIndicator> PublishedIndicators => Set<PublishedIndicator>();

    /// <summary>The app's Data Protection key ring (cookies, antiforgery, sessions), so a restart signs nobody out.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Actor>(actor =>
        {
            actor.HasIndex(a => a.Code).IsUnique();
            actor.Property(a => a.Code).HasMaxLength(64);
            actor.Property(a => a.ShortName).HasMaxLength(ActorRules.ShortNameMax);
            actor.Property(a => a.ShortNameAz).HasMaxLength(ActorRules.ShortNameMax);
            actor.Property(a => a.ShortNameRu).HasMaxLength(ActorRules.ShortNameMax);
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

        builder.Entity<Case>(c =>
        {
            c.Property(x => x.Code).HasMaxLength(40);
            c.HasIndex(x => x.Code).IsUnique();
            c.HasOne<Actor>().WithMany().HasForeignKey(x => x.OpenedByActorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne(x => x.Profile).WithOne().HasForeignKey<CaseProfile>(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
            c.HasMany(x => x.Referrals).WithOne(r => r.Case).HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseProfile>(p =>
        {
            p.HasKey(x => x.CaseId);
            p.Property(x => x.FullName).HasMaxLength(ReferralLimits.FullName);
            p.Property(x => x.Nationality).HasMaxLength(ReferralLimits.Nationality);
            p.Property(x => x.Languages).HasMaxLength(ReferralLimits.Languages);
            p.Property(x => x.Contact).HasMaxLength(ReferralLimits.Contact);
            p.Property(x => x.RegionIdentified).HasMaxLength(100);
            p.Property(x => x.AgeGroup).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.Sex).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.ExploitationForm).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.NationalityGroup).HasConversion<string>().HasMaxLength(20);
            p.PrimitiveCollection(x => x.Vulnerabilities).ElementType().HasConversion<string>();
        });

        builder.Entity<Referral>(r =>
        {
            r.HasOne<Actor>().WithMany().HasForeignKey(x => x.FromActorId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Actor>().WithMany().HasForeignKey(x => x.ToActorId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Referral>().WithMany().HasForeignKey(x => x.ParentReferralId).OnDelete(DeleteBehavior.Restrict);
            r.PrimitiveCollection(x => x.Services).ElementType().HasConversion<string>();
            r.PrimitiveCollection(x => x.ServicesDelivered).ElementType().HasConversion<string>();
            r.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.Consent).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.DeclineReason).HasConversion<string>().HasMaxLength(30);
            r.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.UnsuccessfulReason).HasConversion<string>().HasMaxLength(30);
            r.Property(x => x.ReasonText).HasMaxLength(ReferralLimits.Reason);
            r.Property(x => x.ConsentOverrideReason).HasMaxLength(ReferralLimits.ConsentOverrideReason);
            r.Property(x => x.DeclineNote).HasMaxLength(ReferralLimits.DeclineNote);
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasIndex(x => new { x.ToActorId, x.State });
            r.HasIndex(x => new { x.FromActorId, x.State });
            r.HasIndex(x => x.State);
        });

        builder.Entity<ReferralEvent>(e =>
        {
            e.Property(x => x.Type).HasMaxLength(40);
            e.Property(x => x.ByUserId).HasMaxLength(450);
            e.HasOne<Referral>().WithMany().HasForeignKey(x => x.ReferralId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.CaseId);
        });

        builder.Entity<NotificationCursor>(c =>
        {
            c.HasKey(x => x.Name);
            c.Property(x => x.Name).HasMaxLength(NotificationCursor.NameLength);
        });
        builder.Entity<Notification>(n =>
        {
            n.Property(x => x.UserId).HasMaxLength(450);
            n.Property(x => x.Type).HasMaxLength(40);
            n.Property(x => x.CaseCode).HasMaxLength(40);
            n.HasIndex(x => new { x.UserId, x.ReadAtUtc });
        });

        WorkingGroupModel.Configure(builder);
        ActivityModel.Configure(builder);

        builder.Entity<SopStep>(s =>
        {
            s.Property(x => x.Id).HasMaxLength(64);
            s.Property(x => x.NameEn).HasMaxLength(300);
            s.Property(x => x.NameAz).HasMaxLength(300);
            s.Property(x => x.NameRu).HasMaxLength(300);
            s.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(40);
            s.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
            s.Property(x => x.DurationUnit).HasConversion<string>().HasMaxLength(20);
            s.Property(x => x.Owner).HasMaxLength(80);
            s.Property(x => x.Source).HasMaxLength(1000);
            s.PrimitiveCollection(x => x.ClosedBy).ElementType().HasConversion<string>();
            s.PrimitiveCollection(x => x.OwnerKinds).ElementType().HasConversion<string>();
            s.PrimitiveCollection(x => x.ExceptOwnerKinds).ElementType().HasConversion<string>();
            s.PrimitiveCollection(x => x.Escalation);
        });

        builder.Entity<StepInstance>(i =>
        {
            i.Property(x => x.StepId).HasMaxLength(64);
            i.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne<SopStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Restrict);
            i.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<Referral>().WithMany().HasForeignKey(x => x.ReferralId).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<Actor>().WithMany().HasForeignKey(x => x.OwnerActorId).OnDelete(DeleteBehavior.Restrict);
            // The sweep reads only rows whose next action has come: its cost follows due steps, not open ones.
            i.HasIndex(x => new { x.State, x.NextActionAtUtc });
        });

        builder.Entity<JobRun>(run =>
        {
            run.Property(x => x.JobKey).HasMaxLength(60);
            run.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(20);
            run.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
            run.Property(x => x.Message).HasMaxLength(JobRun.MaxErrorLength);
            run.HasIndex(x => new { x.JobKey, x.StartedAtUtc });
        });

        builder.Entity<JobState>(state =>
        {
            state.HasKey(x => x.JobKey);
            state.Property(x => x.JobKey).HasMaxLength(60);
        });

        builder.Entity<MappingSnapshot>(snapshot =>
        {
            snapshot.Property(x => x.Country).HasMaxLength(10);
            snapshot.Property(x => x.ContentHash).HasMaxLength(64);
            snapshot.HasIndex(x => x.TakenAtUtc);
        });

        builder.Entity<NrmUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasOne(u => u.Actor).WithMany().HasForeignKey(u => u.ActorId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<IdempotentRequest>(request =>
        {
            request.HasKey(x => new { x.UserId, x.Key });
            request.Property(x => x.Key).HasMaxLength(IdempotentRequest.KeyMaxLength);
        });

        builder.Entity<UserSession>(session =>
        {
            session.Property(x => x.Id).HasMaxLength(UserSession.IdLength);
            session.HasOne<NrmUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(x => x.UserId);
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
