using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Identity;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

/// <summary>Field limits of working groups: the same numbers in the columns, the service's checks and the forms.</summary>
public static class GroupLimits
{
    public const int Code = 64;
    public const int Name = 200;
    public const int Topic = 200;
    public const int PurposeText = 500;
    public const int LongText = 20_000;
    public const int Place = 200;
    public const int AgendaItem = 300;
    public const int AgendaItems = 30;
    public const int Decision = 1_000;
    public const int Decisions = 30;
    public const int ActionTitle = 200;
    public const int ActionNotes = 2_000;
    public const int KpiDefinition = 1_000;
    public const int Unit = 40;
    public const int MeasurementSource = 500;
    public const int Source = 1_000;
    public const int Region = 100;
}

internal static class WorkingGroupModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<WorkingGroup>(g =>
        {
            g.HasIndex(x => x.Code).IsUnique();
            g.Property(x => x.Code).HasMaxLength(GroupLimits.Code);
            g.Property(x => x.NameEn).HasMaxLength(GroupLimits.Name);
            g.Property(x => x.NameAz).HasMaxLength(GroupLimits.Name);
            g.Property(x => x.NameRu).HasMaxLength(GroupLimits.Name);
            g.Property(x => x.Topic).HasMaxLength(GroupLimits.Topic);
            g.Property(x => x.PurposeText).HasMaxLength(GroupLimits.PurposeText);
            g.Property(x => x.TermsOfReference).HasMaxLength(GroupLimits.LongText);
            g.Property(x => x.Source).HasMaxLength(GroupLimits.Source);
            g.Property(x => x.Region).HasMaxLength(GroupLimits.Region);
            g.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            g.Property(x => x.Pillar).HasConversion<string>().HasMaxLength(20);
            g.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(30);
            g.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            g.Property(x => x.Version).IsConcurrencyToken();
            g.HasOne<Actor>().WithMany().HasForeignKey(x => x.ChairActorId).OnDelete(DeleteBehavior.Restrict);
            g.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
            g.HasMany(x => x.People).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<GroupMember>(m =>
        {
            m.HasKey(x => new { x.GroupId, x.ActorId });
            m.HasOne<Actor>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
            m.HasIndex(x => x.ActorId);
        });

        builder.Entity<GroupPerson>(p =>
        {
            p.HasKey(x => new { x.GroupId, x.UserId });
            p.HasOne<NrmUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            p.HasIndex(x => x.UserId);
        });

        builder.Entity<Meeting>(m =>
        {
            m.Property(x => x.Place).HasMaxLength(GroupLimits.Place);
            m.Property(x => x.Minutes).HasMaxLength(GroupLimits.LongText);
            m.PrimitiveCollection(x => x.Agenda);
            m.HasOne<WorkingGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            m.HasMany(x => x.Attendance).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            m.HasMany(x => x.Decisions).WithOne().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => new { x.GroupId, x.StartsAtUtc });
        });

        builder.Entity<MeetingAttendance>(a =>
        {
            a.HasKey(x => new { x.MeetingId, x.ActorId });
            a.HasOne<Actor>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Decision>(d => d.Property(x => x.Text).HasMaxLength(GroupLimits.Decision));

        builder.Entity<ActionItem>(a =>
        {
            a.Property(x => x.Title).HasMaxLength(GroupLimits.ActionTitle);
            a.Property(x => x.Notes).HasMaxLength(GroupLimits.ActionNotes);
            a.Property(x => x.Column).HasConversion<string>().HasMaxLength(20);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.HasOne<WorkingGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Actor>().WithMany().HasForeignKey(x => x.OwnerActorId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<Actor>().WithMany().HasForeignKey(x => x.ConcernsActorId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<NrmUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
            a.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.SetNull);
            a.HasOne<Decision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.SetNull);
            a.HasOne<Kpi>().WithMany().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.SetNull);
            a.HasIndex(x => new { x.GroupId, x.Column });
        });

        builder.Entity<ActionItemDeadline>(d =>
        {
            d.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            d.Property(x => x.Version).IsConcurrencyToken();
            d.HasOne<ActionItem>().WithOne(a => a.Deadline).HasForeignKey<ActionItemDeadline>(x => x.ActionItemId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => x.ActionItemId).IsUnique();
            // As for SOP steps: the sweep reads only rows whose next action has come.
            d.HasIndex(x => new { x.State, x.NextActionAtUtc });
        });

        builder.Entity<Kpi>(k =>
        {
            k.Property(x => x.Code).HasMaxLength(GroupLimits.Code);
            k.Property(x => x.NameEn).HasMaxLength(GroupLimits.Name);
            k.Property(x => x.NameAz).HasMaxLength(GroupLimits.Name);
            k.Property(x => x.NameRu).HasMaxLength(GroupLimits.Name);
            k.Property(x => x.Definition).HasMaxLength(GroupLimits.KpiDefinition);
            k.Property(x => x.Unit).HasMaxLength(GroupLimits.Unit);
            k.Property(x => x.Region).HasMaxLength(GroupLimits.Region);
            k.Property(x => x.Direction).HasConversion<string>().HasMaxLength(20);
            k.Property(x => x.Computation).HasConversion<string>().HasMaxLength(40);
            k.Property(x => x.Version).IsConcurrencyToken();
            k.HasOne<WorkingGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            k.HasIndex(x => x.Code).IsUnique();
        });

        builder.Entity<KpiMeasurement>(m =>
        {
            m.Property(x => x.Source).HasMaxLength(GroupLimits.MeasurementSource);
            m.HasOne<Kpi>().WithMany().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => new { x.KpiId, x.On });
            // The recompute job keeps one computed value per KPI and day, so a rerun overwrites rather than adds.
            m.HasIndex(x => new { x.KpiId, x.On }, "IX_KpiMeasurements_Computed_Day").IsUnique().HasFilter("\"Computed\" = 1");
        });
    }
}
