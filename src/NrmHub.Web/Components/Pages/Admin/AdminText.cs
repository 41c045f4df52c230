using System.Globalization;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Actors;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.Admin;

public static class AdminText
{
    /// <summary>
    /// The error in the UI language: "Admin.Error.{code}" with the detail as {0}. Core's English sentence is the
    /// fallback, so a new code shows something sensible before it is translated.
    /// </summary>
    public static string Message(this IStringLocalizer<UiText> L, AdminError error)
    {
        var text = L[$"Admin.Error.{error.Code}"];
        if (text.ResourceNotFound)
        {
            return error.Message;
        }

        var detail = error.Code == AdminErrorCodes.ChannelNotMandated ? ServiceNames(L, error.Detail) : error.Detail;
        return string.Format(CultureInfo.CurrentCulture, text.Value, detail ?? "");
    }

    /// <summary>"Shelter, LegalAid" (service codes) in the UI language.</summary>
    private static string? ServiceNames(IStringLocalizer<UiText> L, string? codes) =>
        codes is null
            ? null
            : string.Join(", ", codes.Split(", ").Select(c => Enum.TryParse<ServiceType>(c, out var s) ? L[$"Service.{s}"].Value : c));

    /// <summary>A DOM id for a field's messages, usable in aria-describedby ("Mandates[0].Services" -> "err-Mandates-0-Services").</summary>
    public static string ErrorId(string field) => "err-" + string.Concat(field.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-').Replace("--", "-", StringComparison.Ordinal);
}
