using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace VerifyTrack.Web.Components;

/// <summary>
/// A component's parameters named by expression (<c>p.Add(x => x.State, claim.State)</c>), so a renamed or
/// retyped parameter fails to compile in every view that sets it instead of failing when the page renders.
/// </summary>
public sealed class ComponentParameters<TComponent> where TComponent : IComponent
{
    private static readonly IReadOnlyList<string> Required = typeof(TComponent)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.IsDefined(typeof(ParameterAttribute)) && p.IsDefined(typeof(EditorRequiredAttribute)))
        .Select(p => p.Name)
        .ToList();

    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public ComponentParameters<TComponent> Add<TValue>(Expression<Func<TComponent, TValue>> parameter, TValue value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter.Body is not MemberExpression { Member: PropertyInfo property, Expression: ParameterExpression }
            || !property.IsDefined(typeof(ParameterAttribute)))
        {
            throw new ArgumentException($"{parameter} does not name a [Parameter] property of {typeof(TComponent).Name}.", nameof(parameter));
        }

        _values[property.Name] = value;
        return this;
    }

    /// <summary>The parameters by name; a required parameter left out is a mistake in the view, reported before rendering.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var missing = Required.Where(name => !_values.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{typeof(TComponent).Name} needs {string.Join(", ", missing)}.");
        }

        return _values;
    }
}
