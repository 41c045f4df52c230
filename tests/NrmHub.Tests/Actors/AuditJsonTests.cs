using NrmHub.Core.Audit;

namespace NrmHub.Tests.Actors;

public sealed class AuditJsonTests
{
    [Fact]
    public void Diff_lists_changed_leaves_by_path()
    {
        var before = """{"shortName":"A","regionsServed":["Baku"],"mandates":[{"pillar":"Protection","services":["Shelter"]}]}""";
        var after = """{"shortName":"B","regionsServed":["Baku","Ganja"],"mandates":[{"pillar":"Protection","services":["Shelter"]},{"pillar":"Prevention","services":["Awareness"]}]}""";

        var diff = AuditJson.Diff(before, after);

        Assert.Contains(new AuditChange("shortName", "A", "B"), diff);
        Assert.Contains(new AuditChange("regionsServed", "Baku", "Baku, Ganja"), diff);
        Assert.Contains(new AuditChange("mandates[1].services", null, "Awareness"), diff);
        Assert.DoesNotContain(diff, c => c.Path == "mandates[0].pillar");
    }

    [Fact]
    public void Diff_of_a_creation_lists_every_value_and_survives_bad_json()
    {
        Assert.Contains(new AuditChange("code", null, "x"), AuditJson.Diff(null, """{"code":"x"}"""));
        Assert.Single(AuditJson.Diff("not json", null));
    }
}
