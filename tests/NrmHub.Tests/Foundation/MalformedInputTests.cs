using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Api;

namespace NrmHub.Tests.Foundation;

/// <summary>
/// Generated bad input, from a fixed seed so a failure repeats: 1,200 malformed referral bodies to the JSON API and
/// 400 malformed hub calls. Each is built to be wrong in at least one way the server must refuse (a missing or
/// mistyped field, an unknown choice, text over its limit or made of invisible characters, broken JSON or UTF-8,
/// nesting past the reader's depth). Nothing may answer with a server error, and nothing may change in the database
/// but the audit of the refused hub calls.
/// </summary>
public sealed class MalformedInputTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    private const int Seed = 20261202;
    private const int ApiBodies = 1200;
    private const int HubCalls = 400;

    private static readonly string[] TextFields = ["reason", "consentOverrideReason", "person.fullName", "person.nationality", "person.languages", "person.contact"];
    private static readonly Dictionary<string, int> Limits = new()
    {
        ["reason"] = 1000, ["consentOverrideReason"] = 500, ["person.fullName"] = 200, ["person.nationality"] = 100, ["person.languages"] = 200, ["person.contact"] = 200,
    };

    private static readonly string[] Required = ["urgency", "consent", "person", "toActorCode", "services", "person.exploitationForm"];
    private static readonly string[] Typed = ["urgency", "consent", "services", "person.sex", "person.ageGroup", "person.exploitationForm", "person.vulnerabilities", "person.dateOfBirth", "person.regionIdentified", "toActorCode"];

    [Fact]
    public async Task A_thousand_malformed_api_bodies_and_hub_calls_get_no_server_error_change_nothing_and_leave_the_database_intact()
    {
        var client = await NrmAppFactory.SignedInClientAsync(world.App, DemoAccount.Officer);
        await using var hub = await HubTestClient.ConnectAsync(world.App, await HubTestClient.SignInCookieAsync(world.App, DemoAccount.Shelter.Email, DemoAccount.Shelter.Password));
        await world.SendToShelterAsync();
        var random = new Random(Seed);
        var before = await FingerprintAsync(includeAudit: true);

        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        for (var i = 0; i < ApiBodies; i++)
        {
            var (body, contentType, what) = MalformedBody(random);
            using var request = new HttpRequestMessage(HttpMethod.Post, ReferralApi.Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.Add(ReferralApi.ClientHeader, "1");
            if (random.Next(10) == 0)
            {
                request.Headers.TryAddWithoutValidation(ReferralApi.IdempotencyHeader, $"fuzz-{i}");
            }

            using var response = await client.SendAsync(request);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !HasCodeAndMessage(text))
            {
                failures.Add($"#{i} {what} ({contentType}): {(int)response.StatusCode} {Shorten(text)}\n  {Shorten(Encoding.Latin1.GetString(body))}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {ApiBodies} bodies were not a 400 with a code and a message:\n{string.Join("\n", failures.Take(20))}");
        Assert.Equal(before, await FingerprintAsync(includeAudit: true));

        var auditBefore = await RefusedHubCallsAsync();
        var hubBefore = await FingerprintAsync(includeAudit: false);
        var serverErrors = new List<string>();
        for (var i = 0; i < HubCalls; i++)
        {
            var (method, args, what) = MalformedHubCall(random);
            try
            {
                // The one call that answers rather than throws: MarkRead says false for an id that is not the caller's.
                var answer = await hub.Connection.InvokeCoreAsync(method, typeof(JsonElement), args);
                if (answer is not JsonElement { ValueKind: JsonValueKind.False })
                {
                    serverErrors.Add($"#{i} {what}: accepted");
                }
            }
            catch (HubException e) when (IsRefusal(e.Message))
            {
            }
            catch (HubException e)
            {
                serverErrors.Add($"#{i} {what}: {e.Message}");
            }
        }

        Assert.True(serverErrors.Count == 0, string.Join("\n", serverErrors.Take(20)));
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        Assert.True(await hub.Connection.InvokeAsync<int>("UnreadCount") >= 1);
        Assert.Equal(hubBefore, await FingerprintAsync(includeAudit: false));
        Assert.True(await RefusedHubCallsAsync() > auditBefore, "refused hub calls leave an audit row");

        await using var db = await world.Db.CreateDbContextAsync();
        var integrity = await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync();
        Assert.Equal(["ok"], integrity);
    }

    /// <summary>A body wrong in one to three ways, each alone enough for a refusal.</summary>
    private static (byte[] Body, string ContentType, string What) MalformedBody(Random random)
    {
        var body = ValidBody();
        var what = new List<string>();
        var raw = random.Next(8) switch
        {
            0 => "truncate",
            1 => "bad-utf8",
            2 => "deep",
            _ => null,
        };
        foreach (var _ in Enumerable.Range(0, raw is null ? random.Next(1, 4) : 1))
        {
            switch (random.Next(6))
            {
                case 0:
                    var field = Required[random.Next(Required.Length)];
                    Remove(body, field);
                    what.Add($"no {field}");
                    break;
                case 1:
                    var typed = Typed[random.Next(Typed.Length)];
                    Set(body, typed, WrongValue(random));
                    what.Add($"bad {typed}");
                    break;
                case 2:
                    var text = TextFields[random.Next(TextFields.Length)];
                    Set(body, text, LongText(random, Limits[text] + 1 + random.Next(5000)));
                    if (text == "consentOverrideReason")
                    {
                        body["consent"] = "Override";
                    }

                    what.Add($"long {text}");
                    break;
                case 3:
                    body["consent"] = "Override";
                    body["consentOverrideReason"] = Invisible(random);
                    what.Add("invisible override reason");
                    break;
                case 4:
                    Set(body, "person.dateOfBirth", random.Next(4) switch { 0 => "1899-12-31", 1 => "2999-01-01", 2 => "31/12/2000", _ => "2001-02-30" });
                    what.Add("bad date");
                    break;
                default:
                    body["services"] = random.Next(3) switch { 0 => new JsonArray(), 1 => new JsonArray("Shelter", "Spa"), _ => new JsonArray(999) };
                    what.Add("bad services");
                    break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        switch (raw)
        {
            case "truncate":
                bytes = bytes[..random.Next(bytes.Length)];
                what.Add("truncated");
                break;
            case "bad-utf8":
                var at = random.Next(10, bytes.Length - 10);
                bytes = [.. bytes[..at], 0xC3, 0x28, 0xFF, .. bytes[at..]];
                what.Add("invalid UTF-8");
                break;
            case "deep":
                var depth = 65 + random.Next(500);
                bytes = Encoding.UTF8.GetBytes($"{{\"person\":{new string('[', depth)}{new string(']', depth)}}}");
                what.Add($"nested {depth} deep");
                break;
        }

        return (bytes, random.Next(20) == 0 ? "application/json; charset=utf-8" : "application/json", string.Join(", ", what));
    }

    private static (string Method, object?[] Args, string What) MalformedHubCall(Random random)
    {
        object? Junk() => random.Next(7) switch
        {
            0 => null,
            1 => new string('x', random.Next(1, 20000)),
            2 => new Dictionary<string, object> { ["id"] = random.Next() },
            3 => new[] { 1, 2, 3 },
            4 => double.MaxValue,
            5 => true,
            _ => Invisible(random),
        };

        return random.Next(6) switch
        {
            0 => ("GetRecent", [random.Next(2) == 0 ? -random.Next(1, int.MaxValue) : 101 + random.Next(int.MaxValue - 101)], "take out of range"),
            1 => ("GetRecent", [Junk()], "take of the wrong kind"),
            2 => ("MarkRead", [Junk()], "id of the wrong kind"),
            3 => ("MarkRead", [random.NextInt64(1_000_000, long.MaxValue)], "someone else's id"),
            4 => (random.Next(2) == 0 ? "MarkAllRead" : "Notify", [Junk()], "no such method"),
            _ => ("UnreadCount", [Junk(), Junk()], "too many arguments"),
        };
    }

    private static JsonNode WrongValue(Random random) => random.Next(7) switch
    {
        0 => JsonValue.Create(999 + random.Next(100000)),
        1 => JsonValue.Create("NoSuchChoice" + random.Next(100)),
        2 => new JsonObject { ["x"] = 1 },
        3 => JsonValue.Create(true),
        4 => JsonValue.Create(-1.5),
        5 => JsonValue.Create(long.MaxValue),
        _ => new JsonArray(new JsonArray()),
    };

    private static string LongText(Random random, int length)
    {
        // Latin, Cyrillic and Azerbaijani letters: the limit is in characters, whatever bytes they take.
        const string letters = "abcxyzабвгдяəğıöşü ";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = letters[r.Next(letters.Length)];
            }
        });
    }

    private static string Invisible(Random random)
    {
        const string invisible = "\u200B\u200C\u200D\u2060\uFEFF\u00AD \t\u00A0\u3000";
        return string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => invisible[random.Next(invisible.Length)]));
    }

    private static JsonObject ValidBody() => new()
    {
        ["toActorCode"] = "clean-world",
        ["services"] = new JsonArray("Shelter", "Medical"),
        ["urgency"] = "Urgent",
        ["reason"] = "Fuzz body",
        ["consent"] = "Given",
        ["person"] = new JsonObject
        {
            ["fullName"] = "Fuzz Person",
            ["dateOfBirth"] = "1999-04-02",
            ["ageGroup"] = "Adult25To59",
            ["sex"] = "Female",
            ["vulnerabilities"] = new JsonArray("MigrantWorker"),
            ["exploitationForm"] = "Labour",
            ["regionIdentified"] = "Baku",
        },
    };

    private static void Remove(JsonObject body, string path)
    {
        var (parent, name) = Locate(body, path);
        parent?.Remove(name);
    }

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var (parent, name) = Locate(body, path);
        if (parent is not null)
        {
            parent[name] = value;
        }
    }

    private static void Set(JsonObject body, string path, string value) => Set(body, path, JsonValue.Create(value));

    private static (JsonObject? Parent, string Name) Locate(JsonObject body, string path) =>
        path.Split('.') is [var first, var second] ? (body[first] as JsonObject, second) : (body, path);

    private static bool HasCodeAndMessage(string text)
    {
        try
        {
            var error = JsonDocument.Parse(text).RootElement;
            return error.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 }
                && error.TryGetProperty("error", out var message) && message.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// SignalR words a hub's own refusal as "an unexpected error … HubException: reason"; any other exception type there
    /// is a server error. Binding failures and unknown methods are refused before the hub runs.
    /// </summary>
    private static bool IsRefusal(string message) =>
        !message.Contains("unexpected error", StringComparison.OrdinalIgnoreCase) || message.Contains("HubException:", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private async Task<int> RefusedHubCallsAsync()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == "hub.call.refused");
    }

    /// <summary>
    /// A hash of every row of every table. UserSessions is left out: any signed-in request, refused or not, may renew
    /// its session's sliding expiry. The audit is left out where refusals are audited on purpose.
    /// </summary>
    private async Task<string> FingerprintAsync(bool includeAudit)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The live dispatcher's cursor moves on its own once a second after earlier notifications: bookkeeping, not data.
        foreach (var table in tables.Where(t => t != "UserSessions" && t != "NotificationCursors" && (includeAudit || t != "AuditEntries")))
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await rows.ExecuteReaderAsync();
            hash.AppendData(Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes($"|{Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)}"));
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
