using Microsoft.Extensions.Localization;
using NrmHub.Core.Referrals;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Localization;

/// <summary>A refusal from the referral service in the user's language; the service's English where no text exists.</summary>
public static class RefusalText
{
    public static string Of(IStringLocalizer<UiText> text, OperationResult result)
    {
        if (result is { ErrorCode: "Text.TooLong", Limit: { } limit, Length: { } length })
        {
            return string.Format(text["Error.TooLong"], limit, length);
        }

        var localized = text[$"Error.{result.ErrorCode}"];
        return localized.ResourceNotFound ? result.Error ?? "" : localized.Value;
    }
}
