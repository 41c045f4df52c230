using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Indicators;

/// <summary>
/// Development only: a year of plausible activities (the same every time, from a fixed seed) so that a new user's
/// dashboard shows the output indicators moving. Runs only while the table is empty; it never touches real records.
/// </summary>
public sealed class DemoActivities(IDbContextFactory<NrmDbContext> dbFactory, CountryProfile profile, ActivityService activities)
{
    public const string DemoUser = "demo-seed";

    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Activities.AnyAsync(ct))
        {
            return 0;
        }

        var actors = await db.Actors.AsNoTracking().Where(a => a.IsActive).Select(a => new { a.Id, a.Kind }).ToListAsync(ct);
        int[] Of(params ActorKind[] kinds) => [.. actors.Where(a => kinds.Contains(a.Kind)).Select(a => a.Id)];
        var ngos = Of(ActorKind.Ngo, ActorKind.InformationCentre);
        var inspectors = Of(ActorKind.StateBody);
        var trainers = Of(ActorKind.InternationalOrganisation);
        var institutions = Of(ActorKind.LawEnforcement, ActorKind.StateBody, ActorKind.ProsecutionJudiciary);
        if (ngos.Length == 0 || inspectors.Length == 0 || profile.Regions.Count == 0)
        {
            return 0;
        }

        trainers = trainers.Length == 0 ? ngos : trainers;
        var random = new Random(20261202);
        var today = activities.Today;
        var list = new List<Activity>();
        Activity New(int actor, ActivityKind kind, DateOnly on) => new()
        {
            ActorId = actor,
            Kind = kind,
            OnDate = on,
            Region = profile.Regions[random.Next(Math.Min(profile.Regions.Count, 12))],
            RecordedByUserId = DemoUser,
            RecordedAtUtc = on.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc),
            SubmissionId = new Guid(random.Next(), (short)random.Next(short.MaxValue), (short)random.Next(short.MaxValue), [.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]),
        };
        ActivityParticipants People(int min, int max, int? institution = null)
        {
            var total = random.Next(min, max + 1);
            var female = random.Next(total + 1);
            return new ActivityParticipants { InstitutionActorId = institution, Female = female, Male = total - female };
        }

        for (var month = new DateOnly(today.Year, 1, 1); month <= today; month = month.AddMonths(1))
        {
            var days = month.AddMonths(1) > today ? today.Day : DateTime.DaysInMonth(month.Year, month.Month);
            DateOnly Day() => month.AddDays(random.Next(days));
            for (var i = 0; i < 30; i++)
            {
                list.Add(New(ngos[random.Next(ngos.Length)], ActivityKind.FocusGroup, Day()));
                list[^1].Participants.Add(People(8, 40));
            }

            for (var i = 0; i < 50; i++)
            {
                var visit = New(inspectors[random.Next(inspectors.Length)], i % 3 == 0 ? ActivityKind.MonitoringVisit : ActivityKind.SiteInspection, Day());
                visit.Sector = (Sector)random.Next(Enum.GetValues<Sector>().Length);
                list.Add(visit);
            }

            for (var i = 0; i < 12; i++)
            {
                list.Add(New(ngos[random.Next(ngos.Length)], ActivityKind.Counselling, Day()));
                list[^1].Participants.Add(People(1, 3));
            }

            if (month.Month % 6 == 3)
            {
                list.Add(New(trainers[0], ActivityKind.PanelDiscussion, Day()));
                list[^1].Participants.Add(People(30, 50));
            }

            if (month.Month % 4 == 2)
            {
                var training = New(trainers[random.Next(trainers.Length)], month.Month == 2 ? ActivityKind.TrainingOfTrainers : ActivityKind.Training, Day());
                foreach (var institution in institutions.OrderBy(_ => random.Next()).Take(3))
                {
                    training.Participants.Add(People(3, 9, institution));
                }

                list.Add(training);
            }

            if (month.Month % 5 == 1)
            {
                list.Add(New(trainers[0], ActivityKind.Workshop, Day()));
                list[^1].Participants.Add(People(25, 45));
            }
        }

        db.Activities.AddRange(list);
        await db.SaveChangesAsync(ct);
        return list.Count;
    }
}
