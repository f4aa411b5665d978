using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace VerifyTrack.Web.Components;

/// <summary>The one way views render a component: statically, with typed parameters.</summary>
public static class StaticComponentHtmlHelperExtensions
{
    public static Task<IHtmlContent> RenderStaticAsync<TComponent>(this IHtmlHelper html, Action<ComponentParameters<TComponent>> parameters)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new ComponentParameters<TComponent>();
        parameters(builder);
        return html.RenderComponentAsync<TComponent>(RenderMode.Static, builder.ToDictionary());
    }
}
