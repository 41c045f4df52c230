using System.Text.Json;
using Microsoft.Playwright;

namespace NrmHub.BrowserTests.Infrastructure;

/// <summary>Referrals made through the API, for tests whose subject is what a page shows of them, not the form.</summary>
public static class ReferralApi
{
    /// <summary>Sends a referral from the signed-in police unit to the Clean World shelter; returns its case code.</summary>
    public static async Task<string> SendReferralAsync(this IPage officer, string name, string urgency = "Urgent", params string[] services)
    {
        var body = new
        {
            toActorCode = "clean-world",
            services = services.Length == 0 ? ["Shelter", "Medical"] : services,
            urgency,
            consent = "Given",
            person = new { fullName = name, ageGroup = "Adult25To59", sex = "Female", exploitationForm = "Labour", regionIdentified = "Baku" },
        };
        var response = await officer.Context.APIRequest.PostAsync("/api/referrals", new()
        {
            DataObject = body,
            Headers = new Dictionary<string, string> { ["X-NrmHub-Client"] = "1" },
        });
        Assert.True(response.Ok, $"{response.Status} {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("caseCode").GetString()!;
    }
}
