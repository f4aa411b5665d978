namespace VerifyTrack.Web.Shared;

/// <summary>Validation messages keyed by the camelCase field they belong to, as the API and the forms show them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void AddRange(FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The form model's name for a field ("publishedAt" is <c>PublishedAt</c>, "firstAppearance.url" is
    /// <c>FirstAppearance.Url</c>), so a page shows each message beside its input.
    /// </summary>
    public static string FormKey(string field) =>
        string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    public static FieldErrors Of(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }
}

public static class FieldErrorsModelStateExtensions
{
    /// <summary>Each message beside its input on a form whose model is bound under <paramref name="prefix"/>.</summary>
    public static void AddFieldErrors(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix, FieldErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                modelState.AddModelError($"{prefix}.{FieldErrors.FormKey(field)}", message);
            }
        }
    }
}
