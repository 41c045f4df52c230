using System.Globalization;
using NrmHub.Core.Actors;
using NrmHub.Core.Actors.Exports;

namespace NrmHub.Core.WorkingGroups;

/// <summary>
/// A group's action items and KPI measurements as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs
/// read Azerbaijani and Cyrillic letters). Free text that a spreadsheet would run as a formula is prefixed with an
/// apostrophe, so a card titled "=HYPERLINK(...)" stays text.
/// </summary>
public static class GroupExport
{
    public static byte[] Actions(GroupDetails d, IReadOnlyDictionary<int, Actor> actors, string? language, Func<DateTime, string> localTime, Func<DateOnly, DateTime> dueAtUtc)
    {
        var meetings = d.Meetings.ToDictionary(m => m.Meeting.Id);
        var decisions = d.Meetings.SelectMany(m => m.Decisions).ToDictionary(x => x.Id);
        var kpis = d.Kpis.ToDictionary(k => k.Id);
        var people = d.People.ToDictionary(p => p.UserId);
        var rows = d.Items.Select(i => new[]
        {
            Int(i.Id), Text(i.Title), i.Column.ToString(), Name(actors, i.OwnerActorId, language),
            i.OwnerUserId is { } u && people.TryGetValue(u, out var p) ? Text(p.DisplayName) : "",
            Day(i.DueOn), i.DoneAtUtc is { } done ? localTime(done) : "",
            i.DoneAtUtc is { } at ? (at <= dueAtUtc(i.DueOn) ? "yes" : "no") : "",
            i.MeetingId is { } m && meetings.TryGetValue(m, out var meeting) ? localTime(meeting.Meeting.StartsAtUtc) : "",
            i.DecisionId is { } dec && decisions.TryGetValue(dec, out var decision) ? Text(decision.Text) : "",
            i.KpiId is { } k && kpis.TryGetValue(k, out var kpi) ? Text(kpi.Name(language)) : "",
            i.ConcernsActorId is { } c ? Name(actors, c, language) : "",
            Text(i.Notes),
        });
        return Encode([["id", "title", "column", "owner_actor", "owner_person", "due_on", "done_at_local", "done_on_time", "meeting_local", "decision", "kpi", "concerns_actor", "notes"], .. rows]);
    }

    public static byte[] Measurements(GroupDetails d, string? language)
    {
        var rows = d.Kpis.SelectMany(k => (d.Measurements.GetValueOrDefault(k.Id) ?? []).Select(m => new[]
        {
            Text(k.Code ?? Int(k.Id)), Text(k.Name(language)), Text(k.Unit), Number(k.Baseline), Number(k.Target), Day(k.DueOn), k.Direction.ToString(),
            k.Computation.ToString(), Day(m.On), Number(m.Value), m.Computed ? "computed" : "entered", Text(m.Source),
        }));
        return Encode([["kpi", "name", "unit", "baseline", "target", "due_on", "direction", "computation", "on", "value", "kind", "source"], .. rows]);
    }

    private static byte[] Encode(IEnumerable<IEnumerable<string?>> rows) => Csv.Utf8WithBom(rows);

    private static string Name(IReadOnlyDictionary<int, Actor> actors, int id, string? language) =>
        actors.TryGetValue(id, out var a) ? Text(a.ShortNameIn(language)) : Int(id);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(string? value) => Csv.SafeText(value);
}
