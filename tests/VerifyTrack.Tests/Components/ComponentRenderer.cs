using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Components;

/// <summary>Renders a Razor component to HTML with ASP.NET Core's own HtmlRenderer, then parses it.</summary>
public static class ComponentRenderer
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static async Task<IDocument> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(Services, Services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return Html.Parse($"<!DOCTYPE html><html><body>{html}</body></html>");
    }
}
