using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;

namespace NrmHub.Core.Indicators;

/// <summary>What an actor did that an output indicator counts (seed 002's matrix: panel discussions, focus groups, site inspections, ToTs, counselling at MICs).</summary>
public enum ActivityKind
{
    AwarenessSession,
    PanelDiscussion,
    FocusGroup,
    Training,
    TrainingOfTrainers,
    Workshop,
    SiteInspection,
    MonitoringVisit,
    Counselling,
}

/// <summary>The economic sector of a site inspected or visited: labour exploitation is found by sector.</summary>
public enum Sector
{
    Agriculture,
    Construction,
    DomesticWork,
    Hospitality,
    Manufacturing,
    Entertainment,
    Trade,
    Transport,
    Other,
}

/// <summary>
/// One activity as its actor recorded it: kind, date, region, and counts — never a name. Participants are counted by
/// sex, for trainings also by the institution they came from (an actor of the registry, or none for the public).
/// A record is withdrawn rather than deleted, so the audit trail and an export made earlier can still be explained.
/// </summary>
public class Activity
{
    public int Id { get; set; }
    public int ActorId { get; set; }

    /// <summary>The form's own id: a submission repeated (double click, retry) finds the activity it already saved.</summary>
    public Guid SubmissionId { get; set; }

    public ActivityKind Kind { get; set; }
    public DateOnly OnDate { get; set; }
    public required string Region { get; set; }
    public Sector? Sector { get; set; }

    /// <summary>A short description ("Panel with employers of Guba"): the activity, not the people.</summary>
    public string? Topic { get; set; }

    public List<ActivityParticipants> Participants { get; set; } = [];
    public required string RecordedByUserId { get; set; }
    public DateTime RecordedAtUtc { get; set; }
    public DateTime? UpdatedAtUtc { get; set; }
    public DateTime? WithdrawnAtUtc { get; set; }
    public int Version { get; set; }

    public int Female => Participants.Sum(p => p.Female);

    public int Male => Participants.Sum(p => p.Male);

    public int OtherSex => Participants.Sum(p => p.Other);

    public int Total => Female + Male + OtherSex;

    /// <summary>Inspections and visits are counted as visits and by sector; everything else counts people.</summary>
    public static bool IsVisit(ActivityKind kind) => kind is ActivityKind.SiteInspection or ActivityKind.MonitoringVisit;

    /// <summary>Only trainings break their participants down by institution ("participants by sex and by institution").</summary>
    public static bool ByInstitution(ActivityKind kind) => kind is ActivityKind.Training or ActivityKind.TrainingOfTrainers or ActivityKind.Workshop;
}

/// <summary>The participants of an activity from one institution (null: not from an institution of the registry), by sex.</summary>
public class ActivityParticipants
{
    public int Id { get; set; }
    public int ActivityId { get; set; }
    public int? InstitutionActorId { get; set; }
    public int Female { get; set; }
    public int Male { get; set; }
    public int Other { get; set; }
}

public static class ActivityLimits
{
    public const int Topic = 200;

    /// <summary>The largest count one line may hold: a mass event, not a typo of three extra zeros.</summary>
    public const int Count = 100_000;

    public const int Institutions = 40;

    /// <summary>How far back an activity may be dated: the results framework's periods are a few years long.</summary>
    public const int YearsBack = 10;
}

internal static class ActivityModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Activity>(a =>
        {
            a.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            a.Property(x => x.Sector).HasConversion<string>().HasMaxLength(30);
            a.Property(x => x.Region).HasMaxLength(100);
            a.Property(x => x.Topic).HasMaxLength(ActivityLimits.Topic);
            a.Property(x => x.RecordedByUserId).HasMaxLength(450);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.Ignore(x => x.Female);
            a.Ignore(x => x.Male);
            a.Ignore(x => x.OtherSex);
            a.Ignore(x => x.Total);
            a.HasOne<Actor>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
            a.HasMany(x => x.Participants).WithOne().HasForeignKey(p => p.ActivityId).OnDelete(DeleteBehavior.Cascade);

            // The indicators read activities by date (and kind); an actor's own list by actor and date.
            a.HasIndex(x => new { x.OnDate, x.Kind });
            a.HasIndex(x => new { x.ActorId, x.OnDate });
            a.HasIndex(x => x.SubmissionId).IsUnique();
        });

        builder.Entity<ActivityParticipants>(p =>
        {
            p.HasOne<Actor>().WithMany().HasForeignKey(x => x.InstitutionActorId).OnDelete(DeleteBehavior.Restrict);
            p.HasIndex(x => x.ActivityId);
        });

        builder.Entity<PublishedIndicator>(p =>
        {
            p.HasKey(x => x.Key);
            p.Property(x => x.Key).HasMaxLength(100);
            p.Property(x => x.PublishedByUserId).HasMaxLength(450);
        });
    }
}

/// <summary>An indicator of the results framework an admin chose to show on the public summary (opt-in, issue 12).</summary>
public class PublishedIndicator
{
    public required string Key { get; set; }
    public required string PublishedByUserId { get; set; }
    public DateTime PublishedAtUtc { get; set; }
}
