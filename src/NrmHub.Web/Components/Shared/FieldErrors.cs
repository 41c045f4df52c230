namespace NrmHub.Web.Components.Shared;

/// <summary>
/// A form's refusals by field, as the service named them. A field the user changes drops its own refusal; the others
/// keep theirs until the next save, so nothing the server said disappears before it was dealt with.
/// </summary>
public sealed class FieldErrors(IReadOnlyDictionary<string, string>? errors = null)
{
    private readonly Dictionary<string, string> errors = errors is null ? [] : new(errors);

    public int Count => errors.Count;

    /// <summary>The refusal of one field; "" is the form's own (not tied to a field).</summary>
    public string? For(string field) => errors.GetValueOrDefault(field);

    public void Clear(params string[] fields)
    {
        foreach (var field in fields)
        {
            errors.Remove(field);
        }
    }
}
