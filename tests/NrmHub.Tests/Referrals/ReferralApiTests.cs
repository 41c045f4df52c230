using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Api;

namespace NrmHub.Tests.Referrals;

/// <summary>POST /api/referrals: who may call it, CSRF header, validation as 400 with a code, never a 500.</summary>
public sealed class ReferralApiTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    private static JsonObject ValidBody() => new()
    {
        ["toActorCode"] = "clean-world",
        ["services"] = new JsonArray("Shelter", "Medical"),
        ["urgency"] = "Urgent",
        ["reason"] = ReferralWorld.ReasonText,
        ["consent"] = "Given",
        ["person"] = new JsonObject
        {
            ["fullName"] = ReferralWorld.PersonName,
            ["dateOfBirth"] = "1999-04-02",
            ["ageGroup"] = "Adult25To59",
            ["sex"] = "Female",
            ["nationality"] = "Azerbaijani",
            ["languages"] = "az, ru",
            ["contact"] = ReferralWorld.PersonContact,
            ["vulnerabilities"] = new JsonArray("MigrantWorker"),
            ["exploitationForm"] = "Labour",
            ["regionIdentified"] = "Baku",
        },
    };

    [Fact]
    public async Task Officer_creates_a_referral_201_with_id_and_case_code_and_the_shelter_is_notified()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);

        var response = await PostAsync(client, ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["caseCode", "id"], created.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var id = created.GetProperty("id").GetInt32();
        var code = created.GetProperty("caseCode").GetString();
        await using var db = await world.Db.CreateDbContextAsync();
        var referral = await db.Referrals.Include(r => r.Case).ThenInclude(c => c!.Profile).SingleAsync(r => r.Id == id);
        Assert.Equal((code, world.Officer.ActorId, world.CleanWorldId), (referral.Case!.Code, referral.FromActorId, referral.ToActorId));
        Assert.Equal(ReferralWorld.PersonName, referral.Case.Profile!.FullName);
        Assert.Equal(new DateOnly(1999, 4, 2), referral.Case.Profile.DateOfBirth);
        Assert.True(await db.Notifications.AnyAsync(n => n.ReferralId == id && n.UserId == world.Shelter.UserId));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.CaseCode == code && a.Action == "case.create" && a.UserId == world.Officer.UserId));
    }

    [Fact]
    public async Task Anonymous_gets_401_and_writes_nothing()
    {
        var before = await CaseCountAsync();

        var response = await PostAsync(world.App.CreateBrowserLikeClient(), ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CaseCountAsync());
    }

    [Theory]
    [InlineData("ServiceProvider")]
    [InlineData("Coordinator")]
    [InlineData("Admin")]
    public async Task Other_roles_get_403(string role)
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.ByRole(role));

        var response = await PostAsync(client, ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_the_client_header_it_is_refused_as_possible_cross_site_request()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var before = await CaseCountAsync();

        var response = await client.PostAsync(ReferralApi.Path, new StringContent(ValidBody().ToJsonString(), Encoding.UTF8, "application/json"));
        var form = await client.PostAsync(ReferralApi.Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["toActorCode"] = "clean-world" }));

        await AssertRefusedAsync(response, "Request.ClientHeader");
        await AssertRefusedAsync(form, "Request.ClientHeader");
        Assert.Equal(before, await CaseCountAsync());
    }

    public static TheoryData<string, string, string?> BadBodies()
    {
        JsonObject With(Action<JsonObject> change)
        {
            var body = ValidBody();
            change(body);
            return body;
        }

        JsonObject Person(JsonObject body) => body["person"]!.AsObject();

        // Zero-width space, joiner, byte-order mark, soft hyphen and a no-break space: nothing a reader sees.
        const string invisible = "\u200B\u200D\uFEFF\u00AD\u00A0 \u200B";
        return new()
        {
            { "{not json", "Request.Malformed", null },
            { "", "Request.Malformed", null },
            { "null", "Request.Malformed", "person" },
            { "[]", "Request.Malformed", null },
            { "\"text\"", "Request.Malformed", null },
            { With(b => b["urgency"] = "Whenever").ToJsonString(), "Request.Malformed", "urgency" },
            { With(b => b["services"] = new JsonArray("Shelter", "Spa")).ToJsonString(), "Request.Malformed", "services[1]" },
            { With(b => b["services"] = "Shelter").ToJsonString(), "Request.Malformed", "services" },
            { With(b => Person(b)["dateOfBirth"] = "1999-02-31").ToJsonString(), "Request.Malformed", "person.dateOfBirth" },
            { With(b => Person(b)["dateOfBirth"] = 19990402).ToJsonString(), "Request.Malformed", "person.dateOfBirth" },
            { With(b => b["reason"] = 42).ToJsonString(), "Request.Malformed", "reason" },
            { With(b => Person(b)["dateOfBrith"] = "1999-04-02").ToJsonString(), "Request.Malformed", "person.dateOfBrith" },
            { With(b => b.Remove("person")).ToJsonString(), "Request.Malformed", "person" },
            { With(b => Person(b).Remove("exploitationForm")).ToJsonString(), "Person.Invalid", "person.exploitationForm" },
            { With(b => Person(b)["sex"] = 42).ToJsonString(), "Person.Invalid", "person.sex" },
            { With(b => Person(b)["vulnerabilities"] = new JsonArray(99)).ToJsonString(), "Person.Invalid", "person.vulnerabilities" },
            { With(b => Person(b)["dateOfBirth"] = "2999-01-01").ToJsonString(), "Person.DateOfBirth", "person.dateOfBirth" },
            { With(b => Person(b)["regionIdentified"] = "Atlantis").ToJsonString(), "Person.Region", "person.regionIdentified" },
            { With(b => Person(b)["fullName"] = new string('n', 201)).ToJsonString(), "Text.TooLong", "person.fullName" },
            { With(b => Person(b)["nationality"] = new string('n', 101)).ToJsonString(), "Text.TooLong", "person.nationality" },
            { With(b => Person(b)["languages"] = new string('n', 201)).ToJsonString(), "Text.TooLong", "person.languages" },
            { With(b => Person(b)["contact"] = new string('n', 201)).ToJsonString(), "Text.TooLong", "person.contact" },
            { With(b => b["reason"] = new string('r', 1001)).ToJsonString(), "Text.TooLong", "reason" },
            { With(b => { b["consent"] = "Override"; b["consentOverrideReason"] = new string('o', 501); }).ToJsonString(), "Text.TooLong", "consentOverrideReason" },
            { With(b => { b["consent"] = "Override"; b["consentOverrideReason"] = invisible; }).ToJsonString(), "Referral.OverrideNeedsReason", "consentOverrideReason" },
            { With(b => b["services"] = new JsonArray()).ToJsonString(), "Referral.NoServices", "services" },
            { With(b => b.Remove("services")).ToJsonString(), "Referral.NoServices", "services" },
            { With(b => b["services"] = new JsonArray(999)).ToJsonString(), "Referral.NoServices", "services" },
            { With(b => b["consent"] = 17).ToJsonString(), "Referral.Invalid", "consent" },
            { With(b => b["urgency"] = 17).ToJsonString(), "Referral.Invalid", "urgency" },
            { With(b => b.Remove("consent")).ToJsonString(), "Referral.ConsentMissing", "consent" },
            { With(b => b["consent"] = null).ToJsonString(), "Referral.ConsentMissing", "consent" },
            { With(b => b.Remove("urgency")).ToJsonString(), "Referral.UrgencyMissing", "urgency" },
            { With(b => Person(b)["dateOfBirth"] = "1899-12-31").ToJsonString(), "Person.DateOfBirthTooEarly", "person.dateOfBirth" },
            { With(b => b["consent"] = "Refused").ToJsonString(), "Referral.NoConsent", "consent" },
            { With(b => b["consent"] = "Override").ToJsonString(), "Referral.OverrideNeedsReason", "consentOverrideReason" },
            { With(b => b["toActorCode"] = "tamas").ToJsonString(), "Referral.ReceiverNotOffered", "toActorCode" },
            { With(b => b["toActorCode"] = "no-such-actor").ToJsonString(), "Referral.ReceiverNotOffered", "toActorCode" },
            { With(b => b.Remove("toActorCode")).ToJsonString(), "Referral.ReceiverNotOffered", "toActorCode" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_body_gives_400_with_a_code_naming_the_field_and_writes_nothing(string body, string code, string? field)
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var before = await CaseCountAsync();

        var response = await PostAsync(client, body);

        await AssertRefusedAsync(response, code, field);
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Wrong_content_type_gives_400()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        using var request = new HttpRequestMessage(HttpMethod.Post, ReferralApi.Path)
        {
            Content = new StringContent(ValidBody().ToJsonString(), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add(ReferralApi.ClientHeader, "1");

        await AssertRefusedAsync(await client.SendAsync(request), "Request.Malformed");
    }

    [Fact]
    public async Task Override_with_reason_and_integer_enums_are_accepted()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var body = ValidBody();
        body["consent"] = "Override";
        body["consentOverrideReason"] = "Child referred in their best interest";
        body["services"] = new JsonArray(1);
        body["person"]!["fullName"] = null;
        body["person"]!["dateOfBirth"] = null;

        var response = await PostAsync(client, body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReferralApi.Path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ReferralApi.ClientHeader, "1");
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(ReferralApi.IdempotencyHeader, idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_answer_to_a_write_is_not_compressed_even_when_the_client_accepts_it()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");

        var response = await PostAsync(client, ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["caseCode"]);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_answers_with_the_first_case_even_when_sent_at_once()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var before = await CaseCountAsync();
        var key = Guid.NewGuid().ToString("N");

        var first = await PostAsync(client, ValidBody().ToJsonString(), key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(client, ValidBody().ToJsonString(), key)));
        var racing = Guid.NewGuid().ToString("N");
        var race = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(client, ValidBody().ToJsonString(), racing)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var code = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["caseCode"]!.GetValue<string>();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal(code, JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["caseCode"]!.GetValue<string>());
        }

        var raced = await Task.WhenAll(race.Select(async r => (r.StatusCode, JsonNode.Parse(await r.Content.ReadAsStringAsync())!["caseCode"]!.GetValue<string>())));
        Assert.All(raced, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(raced.Select(r => r.Item2).Distinct());
        Assert.Equal(before + 2, await CaseCountAsync());

        // Without a key, or with another, each request is its own referral.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, ValidBody().ToJsonString(), Guid.NewGuid().ToString("N"))).StatusCode);
        Assert.Equal(before + 3, await CaseCountAsync());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task A_malformed_idempotency_key_is_refused_by_name(string key)
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var before = await CaseCountAsync();

        await AssertRefusedAsync(await PostAsync(client, ValidBody().ToJsonString(), key), "Request.IdempotencyKey");
        await AssertRefusedAsync(await PostAsync(client, ValidBody().ToJsonString(), new string('k', 101)), "Request.IdempotencyKey");
        Assert.Equal(before, await CaseCountAsync());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
        if (field is not null)
        {
            Assert.True(error.TryGetProperty("field", out var named), text);
            Assert.Equal(field, named.GetString());
        }
    }

    [Fact]
    public async Task A_five_megabyte_reason_is_refused_with_its_limit_and_length_never_cut_and_stored()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var before = await CaseCountAsync();
        var body = ValidBody();
        body["reason"] = new string('r', 5 * 1024 * 1024);

        var response = await PostAsync(client, body.ToJsonString());

        await AssertRefusedAsync(response, "Text.TooLong", "reason");
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1000, 5 * 1024 * 1024), (error.GetProperty("limit").GetInt32(), error.GetProperty("length").GetInt32()));
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Text_of_only_invisible_characters_is_stored_as_nothing_and_values_at_the_limit_are_kept_whole()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        var body = ValidBody();
        body["person"]!["nationality"] = "\u200B\u200B ";
        body["person"]!["languages"] = new string('л', 200);
        body["reason"] = new string('r', 1000);

        var response = await PostAsync(client, body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<int>();
        await using var db = await world.Db.CreateDbContextAsync();
        var referral = await db.Referrals.Include(r => r.Case).ThenInclude(c => c!.Profile).SingleAsync(r => r.Id == id);
        Assert.Null(referral.Case!.Profile!.Nationality);
        Assert.Equal(200, referral.Case.Profile.Languages!.Length);
        Assert.Equal(1000, referral.ReasonText!.Length);
    }

    private async Task<int> CaseCountAsync()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Cases.CountAsync();
    }
}
