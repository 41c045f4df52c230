namespace NrmHub.Core.Actors.Snapshots;

/// <summary>
/// A dated picture of the NRM taken by the actor-mapping job: every artefact as it was then, so coordinators can
/// download an old one and see what changed. Holds organisations, mandates, channels and referral counts, never a
/// case or a restricted address.
/// </summary>
public class MappingSnapshot
{
    public int Id { get; set; }
    public DateTime TakenAtUtc { get; set; }
    public required string Country { get; set; }

    /// <summary>SHA-256 of the artefacts without the time: equal hashes mean nothing changed (see the job's rule).</summary>
    public required string ContentHash { get; set; }

    public int ActorCount { get; set; }
    public int ChannelCount { get; set; }
    public int GapCount { get; set; }
    public required string GraphJson { get; set; }
    public required string DirectoryCsv { get; set; }
    public required byte[] HsdsZip { get; set; }
    public required string CoverageJson { get; set; }
    public required string ActivityJson { get; set; }
    public required string PosterEn { get; set; }
    public required string PosterAz { get; set; }
    public required string PosterRu { get; set; }
}
