using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Referrals;

/// <summary>
/// Every page, endpoint and hub method × every role × own / other actor's case, with the expected outcome.
/// A page, endpoint or hub method that is not listed here fails <see cref="Matrix_lists_every_page_endpoint_and_hub_method"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.CasesFixture fixture) : IClassFixture<AuthorizationMatrixTests.CasesFixture>
{
    /// <summary>Outcome of a request: Ok (200), Login (302 to sign-in or 401), Denied (302 to access denied or 403), NotFound (404), Bad (400).</summary>
    public enum Outcome { Ok, Login, Denied, NotFound, Bad }

    private const string Anonymous = "Anonymous";
    private static readonly string[] Who = [Anonymous, "ReferralOfficer", "ServiceProvider", "Coordinator", "Admin"];

    private static Dictionary<string, Outcome> Row(Outcome anonymous, Outcome officer, Outcome provider, Outcome coordinator, Outcome admin) =>
        new() { [Anonymous] = anonymous, ["ReferralOfficer"] = officer, ["ServiceProvider"] = provider, ["Coordinator"] = coordinator, ["Admin"] = admin };

    private static readonly Outcome Ok = Outcome.Ok, In = Outcome.Login, No = Outcome.Denied, Nf = Outcome.NotFound;

    /// <summary>Page route template → expected outcome per role. "{Code}" is tried with the role's own and another actor's case.</summary>
    public static readonly Dictionary<string, Dictionary<string, Outcome>> Pages = new()
    {
        ["/"] = Row(In, Ok, Ok, Ok, Ok),
        ["/Account/AccessDenied"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/Account/Login"] = Row(Ok, Ok, Ok, Ok, Ok),
        // Without a valid link it says so; with one it is the only way a new account gets a password.
        ["/Account/SetPassword"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/Account/LoginWith2fa"] = Row(In, In, In, In, In),
        ["/Account/Manage"] = Row(In, Ok, Ok, Ok, Ok),
        ["/Account/Manage/EnableAuthenticator"] = Row(In, Ok, Ok, Ok, Ok),
        ["/Error"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/not-found"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/actors"] = Row(In, Ok, Ok, Ok, Ok),
        ["/actors/coverage"] = Row(In, Ok, Ok, Ok, Ok),
        ["/actors/map"] = Row(In, Ok, Ok, Ok, Ok),
        ["/admin"] = Row(In, No, No, No, Ok),
        ["/admin/actors"] = Row(In, No, No, No, Ok),
        ["/admin/users"] = Row(In, No, No, No, Ok),
        ["/admin/actors/new"] = Row(In, No, No, No, Ok),
        ["/admin/actors/edit/{Code}#actor"] = Row(In, No, No, No, Ok),
        ["/admin/channels"] = Row(In, No, No, No, Ok),
        ["/admin/sop"] = Row(In, No, No, No, Ok),
        ["/admin/audit"] = Row(In, No, No, No, Ok),
        ["/admin/jobs"] = Row(In, No, No, No, Ok),
        ["/actors/snapshots"] = Row(In, No, No, Ok, Ok),
        ["/coordination"] = Row(In, No, No, Ok, No),
        ["/coordination/referrals"] = Row(In, No, No, Ok, Ok),
        // The pseudonymous overview of a referral: coordinators and admins only, whoever's it is; a missing id is 404.
        ["/coordination/referrals/{Id:int}#own"] = Row(In, No, No, Ok, Ok),
        ["/coordination/referrals/{Id:int}#missing"] = Row(In, No, No, Nf, Nf),
        ["/sop/overdue"] = Row(In, No, No, Ok, Ok),
        ["/inbox"] = Row(In, No, Ok, No, No),
        ["/referrals"] = Row(In, Ok, No, No, No),
        ["/referrals/new"] = Row(In, Ok, Ok, No, No),
        // Own case: the officer sent it and the shelter received it. Coordinators and admins are never party.
        ["/cases/{Code}#own"] = Row(In, Ok, Ok, Nf, Nf),
        ["/cases/{Code}#other"] = Row(In, Nf, Nf, Nf, Nf),
        // Working groups, tried on the seeded protection group: Clean World (the shelter) is a member, the officer's
        // unit is not. Everyone signed in sees the list and a group's summary; its sections and minutes are 404 to
        // non-members, as is a group that does not exist.
        ["/groups"] = Row(In, Ok, Ok, Ok, Ok),
        ["/groups/new"] = Row(In, No, No, Ok, Ok),
        ["/groups/{Id:int}#group"] = Row(In, Ok, Ok, Ok, Ok),
        ["/groups/{Id:int}#missing"] = Row(In, Nf, Nf, Nf, Nf),
        ["/groups/{Id:int}/{Section}#group"] = Row(In, Nf, Ok, Ok, Ok),
        ["/groups/{Id:int}/{Section}#missing"] = Row(In, Nf, Nf, Nf, Nf),
        ["/groups/{Id:int}/edit#group"] = Row(In, No, No, Ok, Ok),
        ["/groups/{Id:int}/minutes#group"] = Row(In, Nf, Ok, Ok, Ok),
        // Indicators: the framework and its lines for coordinators and admins (a code that is no line is 404); the
        // definitions and the public summary for anyone. Activities are recorded by any signed-in actor; editing one
        // that does not exist (or is not the caller's) is 404.
        ["/indicators"] = Row(In, No, No, Ok, Ok),
        ["/indicators/{Code}#line"] = Row(In, No, No, Ok, Ok),
        ["/indicators/{Code}#missing"] = Row(In, No, No, Nf, Nf),
        ["/indicators/definitions"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/public/indicators"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/exports"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["/activities"] = Row(In, Ok, Ok, Ok, Ok),
        ["/activities/new"] = Row(In, Ok, Ok, Ok, Ok),
        ["/activities/{Id:int}/edit#missing"] = Row(In, Nf, Nf, Nf, Nf),
    };

    /// <summary>Non-page endpoints (method + route) → expected outcome per role for a plain request.</summary>
    public static readonly Dictionary<string, Dictionary<string, Outcome>> Endpoints = new()
    {
        ["* /healthz"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /culture/{culture}"] = Row(Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad),
        ["GET /theme/{mode}"] = Row(Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad),
        ["POST /Account/Logout"] = Row(Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad),
        ["GET /api/exports/hsds.json"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/exports/hsds.zip"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/exports/graph.json"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/exports/3w.csv"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/exports/3w.xlsx"] = Row(Ok, Ok, Ok, Ok, Ok),
        // The HSDS read API: public like the files; the literal "{id}" is no record's id (404).
        ["GET /api/hsds/"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/openapi.json"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/services"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/services/{id}"] = Row(Nf, Nf, Nf, Nf, Nf),
        ["GET /api/hsds/organizations"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/organizations/{id}"] = Row(Nf, Nf, Nf, Nf, Nf),
        ["GET /api/hsds/service_at_locations"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/service_at_locations/{id}"] = Row(Nf, Nf, Nf, Nf, Nf),
        ["GET /api/hsds/taxonomies"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/taxonomies/{id}"] = Row(Nf, Nf, Nf, Nf, Nf),
        ["GET /api/hsds/taxonomy_terms"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/hsds/taxonomy_terms/{id}"] = Row(Nf, Nf, Nf, Nf, Nf),
        // Without its client header and body the officer's request is refused as bad input; other roles never get that far.
        ["POST /api/referrals"] = Row(In, Outcome.Bad, No, No, No),
        // Snapshot downloads: refused before the handler runs; for the roles let through, the literal "{id}" is no number.
        ["GET /api/snapshots/{id}/{artefact}"] = Row(In, No, No, Outcome.Bad, Outcome.Bad),
        ["* /hubs/notifications/negotiate"] = Row(In, Ok, Ok, Ok, Ok),
        // The WebSocket endpoint itself: a plain GET without an upgrade is refused before any data flows.
        ["* /hubs/notifications"] = Row(In, Outcome.Bad, Outcome.Bad, Outcome.Bad, Outcome.Bad),
        // Hangfire's dashboard (tried at its home page): administrators only; anonymous 401, other roles 403.
        ["* /admin/hangfire/{**path}"] = Row(In, No, No, No, Ok),
        // A working group's exports (tried on the seeded protection group): members and coordinators; anyone else 404.
        ["GET /api/groups/{id:int}/actions.csv"] = Row(In, Nf, Ok, Ok, Ok),
        ["GET /api/groups/{id:int}/kpis.csv"] = Row(In, Nf, Ok, Ok, Ok),
        // Indicator exports: the framework, its observations and a line for coordinators and admins (the literal
        // "{code}" is no line: 404); the definitions and the published lines for anyone.
        ["GET /api/indicators/framework.csv"] = Row(In, No, No, Ok, Ok),
        ["GET /api/indicators/observations.csv"] = Row(In, No, No, Ok, Ok),
        ["GET /api/indicators/lines/{code}.csv"] = Row(In, No, No, Nf, Nf),
        ["GET /api/indicators/definitions.csv"] = Row(Ok, Ok, Ok, Ok, Ok),
        ["GET /api/public/indicators.csv"] = Row(Ok, Ok, Ok, Ok, Ok),
    };

    /// <summary>Hub methods: every signed-in role may call them, and each works on the caller's own notifications only (NotificationsHubTests).</summary>
    public static readonly string[] HubMethods = ["GetRecent", "MarkRead", "UnreadCount"];

    private NrmAppFactory app => fixture.App;

    /// <summary>One app, two cases and one signed-in client per role, shared by every cell of the matrix.</summary>
    public sealed class CasesFixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> clients = [];

        public NrmAppFactory App { get; } = new();

        public string OwnCase { get; private set; } = "";

        public string OtherCase { get; private set; } = "";

        public int OwnReferralId { get; private set; }

        public int GroupId { get; private set; }

        public async Task InitializeAsync()
        {
            var referrals = App.Services.GetRequiredService<ReferralService>();
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
            var actors = await db.Actors.ToDictionaryAsync(a => a.Code, a => a.Id);
            var users = await db.Users.ToDictionaryAsync(u => u.Email!, u => u.Id);
            GroupId = await db.WorkingGroups.Where(g => g.Code == "az-wg-protection").Select(g => g.Id).SingleAsync();
            var person = new PersonInput("Matrix Person", null, AgeGroup.Adult25To59, Sex.Female, null, null, null, [], ExploitationForm.Labour, "Baku");

            var own = await referrals.CreateAsync(
                new Caller(users[DemoAccount.Officer.Email], actors["mia-thb"]), person,
                new NewReferral(actors["clean-world"], [ServiceType.Shelter], Urgency.Routine, null, Consent.Given, null));
            Assert.True(own.Succeeded, own.Error);
            OwnCase = own.CaseCode!;
            OwnReferralId = own.Id!.Value;

            // A case opened by another actor; its referral to mia-thb is revoked, so no demo user's organisation is party.
            var other = await referrals.CreateAsync(
                new Caller("system-test", actors["tamas"]), person,
                new NewReferral(actors["mia-thb"], [ServiceType.Identification], Urgency.Routine, null, Consent.Given, null));
            Assert.True(other.Succeeded, other.Error);
            OtherCase = other.CaseCode!;
            Assert.True((await referrals.RevokeAsync(new Caller("system-test", actors["tamas"]), other.Id!.Value, 1)).Succeeded);
        }

        public async Task<HttpClient> ClientAsync(string who)
        {
            if (who == Anonymous)
            {
                return App.CreateBrowserLikeClient();
            }

            if (!clients.TryGetValue(who, out var client))
            {
                client = await NrmAppFactory.SignedInClientAsync(App, DemoAccount.ByRole(who));
                clients[who] = client;
            }

            return client;
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Matrix_lists_every_page_endpoint_and_hub_method()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();
        var listed = Pages.Keys.Select(k => k.Split('#')[0]).ToHashSet();
        Assert.Equal(pages.Order(), listed.Order());

        var endpoints = app.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !IsFrameworkOrAsset(e.RoutePattern.RawText ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Equal(endpoints.Order(), Endpoints.Keys.Order());

        // What SignalR lets a client call: the hub's own public methods, not its overrides of Hub's lifecycle methods.
        var hubMethods = typeof(NrmHub.Web.Hubs.NotificationsHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(NrmHub.Web.Hubs.NotificationsHub))
            .Select(m => m.Name).Order();
        Assert.Equal(HubMethods, hubMethods);
    }

    private static bool IsFrameworkOrAsset(string route) =>
        route.StartsWith("/_", StringComparison.Ordinal) || route.StartsWith("_", StringComparison.Ordinal) || route.Contains(":file}", StringComparison.Ordinal)
        || route.Contains('.', StringComparison.Ordinal) && !route.StartsWith("/api/", StringComparison.Ordinal);

    public static TheoryData<string, string> PageCells() => Cells(Pages);

    public static TheoryData<string, string> EndpointCells() => Cells(Endpoints);

    private static TheoryData<string, string> Cells(Dictionary<string, Dictionary<string, Outcome>> table)
    {
        var data = new TheoryData<string, string>();
        foreach (var key in table.Keys)
        {
            foreach (var who in Who)
            {
                data.Add(key, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PageCells))]
    public async Task Page_gives_the_expected_outcome(string page, string who)
    {
        var path = page.EndsWith("#line", StringComparison.Ordinal) ? page.Split('#')[0].Replace("{Code}", "O2.1-a", StringComparison.Ordinal) : page.EndsWith("#actor", StringComparison.Ordinal) ? page.Split('#')[0].Replace("{Code}", "mia-thb", StringComparison.Ordinal) : page.Split('#')[0].Replace("{Code}", page.EndsWith("#own", StringComparison.Ordinal) ? fixture.OwnCase : fixture.OtherCase, StringComparison.Ordinal);
        var id = page.EndsWith("#own", StringComparison.Ordinal) ? fixture.OwnReferralId : page.EndsWith("#group", StringComparison.Ordinal) ? fixture.GroupId : 999999;
        path = path.Replace("{Id:int}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{Section}", "board", StringComparison.Ordinal);
        var client = await ClientAsync(who);

        var response = await client.GetAsync(path);

        Assert.Equal(Pages[page][who], Classify(response));
        if (page.StartsWith("/cases/", StringComparison.Ordinal) && Pages[page][who] != Ok)
        {
            Assert.DoesNotContain("Matrix Person", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(EndpointCells))]
    public async Task Endpoint_gives_the_expected_outcome(string endpoint, string who)
    {
        var (method, route) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var client = await ClientAsync(who);
        var verb = method != "*" ? method : route.EndsWith("/negotiate", StringComparison.Ordinal) ? "POST" : "GET";
        var request = new HttpRequestMessage(new HttpMethod(verb), route.Replace("{culture}", "xx", StringComparison.Ordinal).Replace("{id:int}", fixture.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{mode}", "xx", StringComparison.Ordinal).Replace("{**path}", "", StringComparison.Ordinal)
            + (route.EndsWith("/negotiate", StringComparison.Ordinal) ? "?negotiateVersion=1" : ""));

        var response = await client.SendAsync(request);

        Assert.Equal(Endpoints[endpoint][who], Classify(response));
    }

    private Task<HttpClient> ClientAsync(string who) => fixture.ClientAsync(who);

    private static Outcome Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Ok,
            HttpStatusCode.Unauthorized => Outcome.Login,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.NotFound => Outcome.NotFound,
            HttpStatusCode.BadRequest => Outcome.Bad,
            HttpStatusCode.Redirect when location.Contains("/Account/Login", StringComparison.Ordinal) => Outcome.Login,
            HttpStatusCode.Redirect when location.Contains("/Account/AccessDenied", StringComparison.Ordinal) => Outcome.Denied,
            // "/" sends each role to its home: a redirect there is the page working.
            HttpStatusCode.Redirect => Outcome.Ok,
            _ => throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} {location}"),
        };
    }
}
