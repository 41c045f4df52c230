using System.Text.Json;
using System.Text.Json.Serialization;
using NrmHub.Core.Actors;
using NrmHub.Core.Identity;
using NrmHub.Core.Referrals;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Api;

/// <summary>
/// A small JSON API for referral officers' tools (and the load benchmark): the same <see cref="ReferralService"/>
/// path as the pages, so routing, consent, need to know, audit and notifications apply unchanged.
/// </summary>
public static class ReferralApi
{
    public const string Path = "/api/referrals";

    /// <summary>
    /// The API authenticates with the same cookie as the pages, so it needs CSRF protection. Forms carry an
    /// antiforgery token; a JSON client carries this header instead. A page on another site can make a browser send
    /// the cookie with a form post or a "simple" fetch, but it cannot add a custom header without a CORS preflight,
    /// and this app grants none. (SameSite=Lax already keeps the cookie off cross-site POSTs; this also covers
    /// same-site origins and older browsers.)
    /// </summary>
    public const string ClientHeader = "X-NrmHub-Client";

    /// <summary>A client key per intended referral: a retry with the same key gets the first answer, not a second case.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    // An unknown property is refused by name: a misspelt "dateOfBrith" would otherwise be dropped without a word.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void MapReferralApi(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, CreateAsync).RequireAuthorization(p => p.RequireRole(Roles.ReferralOfficer));

    private static async Task<IResult> CreateAsync(HttpContext http, ReferralService referrals, ActorGraph graph, CancellationToken ct)
    {
        if (http.Request.Headers[ClientHeader] != "1")
        {
            return Refused("Request.ClientHeader", $"Send the header {ClientHeader}: 1 with every API request.", ClientHeader);
        }

        if (http.User.ToCaller() is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var idempotencyKey = http.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length > IdempotentRequest.KeyMaxLength || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            return Refused("Request.IdempotencyKey", $"{IdempotencyHeader} must be 1 to {IdempotentRequest.KeyMaxLength} printable ASCII characters without spaces.", IdempotencyHeader);
        }

        if (!http.Request.HasJsonContentType())
        {
            return Refused("Request.Malformed", "Send the referral as application/json.");
        }

        CreateReferralRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<CreateReferralRequest>(Json, ct);
        }
        catch (JsonException e)
        {
            // The reader knows where it stopped: "$.person.sex" names the field that had no valid value.
            var field = FieldOf(e.Path);
            return Refused("Request.Malformed", field is null ? "The body is not valid JSON for a referral." : $"{field} has a value of the wrong kind, or one that is not among its choices.", field);
        }
        catch (Exception e) when (e is BadHttpRequestException or NotSupportedException or InvalidOperationException)
        {
            return Refused("Request.Malformed", "The body is not a valid referral.");
        }

        if (request?.Person is not { } person)
        {
            return Refused("Request.Malformed", "The body needs a person.", "person");
        }

        // Missing enums are refused by name; left to the deserialiser they would silently become the first value.
        if (request.Urgency is not { } urgency)
        {
            return Refused("Referral.UrgencyMissing", "Say how urgent the referral is: urgency is Routine, Urgent or Emergency.", "urgency");
        }

        if (request.Consent is not { } consent)
        {
            return Refused("Referral.ConsentMissing", "Say whether the person consented: consent is required.", "consent");
        }

        if (person.ExploitationForm is not { } form)
        {
            return Refused("Person.Invalid", "Say which form of exploitation was identified.", "person.exploitationForm");
        }

        var nrm = await graph.GetAsync(ct);
        if (nrm.Actors.FirstOrDefault(a => a.Code == request.ToActorCode) is not { } receiver)
        {
            return Refused("Referral.ReceiverNotOffered", "There is no actor with that code.", "toActorCode");
        }

        var result = await referrals.CreateAsync(
            caller,
            new PersonInput(
                person.FullName,
                person.DateOfBirth,
                person.AgeGroup ?? AgeGroup.Unknown,
                person.Sex ?? Sex.Unknown,
                person.Nationality,
                person.Languages,
                person.Contact,
                person.Vulnerabilities ?? [],
                form,
                person.RegionIdentified),
            new NewReferral(receiver.Id, request.Services ?? [], urgency, request.Reason, consent, request.ConsentOverrideReason),
            ct,
            idempotencyKey.Length == 0 ? null : idempotencyKey);

        return result.Succeeded
            ? TypedResults.Json(new CreatedReferral(result.Id!.Value, result.CaseCode!), statusCode: StatusCodes.Status201Created)
            : TypedResults.BadRequest(new ApiError(result.ErrorCode!, result.Error!, result.Field ?? FieldOfCode(result.ErrorCode!), result.Limit, result.Length));
    }

    private static IResult Refused(string code, string error, string? field = null) => TypedResults.BadRequest(new ApiError(code, error, field));

    /// <summary>
    /// The input a refusal from the service is about, for the codes the service cannot name in API terms (the
    /// receiver is an id there and a code here) or that come from the referral's own rules.
    /// </summary>
    private static string? FieldOfCode(string code) => code switch
    {
        "Referral.NoServices" => "services",
        "Referral.ReceiverNotOffered" => "toActorCode",
        "Referral.NoConsent" => "consent",
        "Referral.OverrideNeedsReason" => "consentOverrideReason",
        _ => null,
    };

    private static string? FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? null : jsonPath.TrimStart('$', '.');
}

public sealed record CreateReferralRequest(
    string? ToActorCode,
    List<ServiceType>? Services,
    Urgency? Urgency,
    string? Reason,
    Consent? Consent,
    string? ConsentOverrideReason,
    PersonRequest? Person);

public sealed record PersonRequest(
    string? FullName,
    DateOnly? DateOfBirth,
    AgeGroup? AgeGroup,
    Sex? Sex,
    string? Nationality,
    string? Languages,
    string? Contact,
    List<Vulnerability>? Vulnerabilities,
    ExploitationForm? ExploitationForm,
    string? RegionIdentified);

public sealed record CreatedReferral(int Id, string CaseCode);

/// <summary>A refusal: a stable code, an English sentence, and where known the field (JSON path) and its length limit.</summary>
public sealed record ApiError(string Code, string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Limit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Length = null);
