namespace NrmHub.Web.Resources;

/// <summary>Marker for the shared UI strings in UiText.resx (English), UiText.az.resx and UiText.ru.resx.</summary>
public sealed class UiText;
