using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using VerifyTrack.Web.Components;

namespace VerifyTrack.Web.Infrastructure.Mail;

public sealed record RenderedMail(string Text, string Html);

/// <summary>
/// Renders a mail's bodies from Razor components, as the pages render theirs: the HTML part from one
/// component and its plain-text twin from another, each given its parameters typed, as views give theirs
/// (<see cref="ComponentParameters{TComponent}"/>): renaming a component's parameter breaks the build, not the mail.
/// </summary>
public sealed class MailRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    // Mail text is often not Latin (Arabic, Cyrillic); left unescaped it stays readable in the source and a quarter the size.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public async Task<RenderedMail> RenderAsync<THtml, TText>(Action<ComponentParameters<THtml>> htmlParameters, Action<ComponentParameters<TText>> textParameters)
        where THtml : IComponent
        where TText : IComponent
    {
        ArgumentNullException.ThrowIfNull(htmlParameters);
        ArgumentNullException.ThrowIfNull(textParameters);
        var htmlValues = new ComponentParameters<THtml>();
        htmlParameters(htmlValues);
        var textValues = new ComponentParameters<TText>();
        textParameters(textValues);

        // A renderer keeps every component it rendered until it is disposed: one per mail, so this singleton holds none.
        // Its services are a scope's, as a page's are: the components' own scoped services cannot come from the root.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new EncoderServices(scope.ServiceProvider), loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var html = await renderer.RenderComponentAsync<THtml>(ParameterView.FromDictionary(new Dictionary<string, object?>(htmlValues.ToDictionary())));
            var text = await renderer.RenderComponentAsync<TText>(ParameterView.FromDictionary(new Dictionary<string, object?>(textValues.ToDictionary())));
            return new RenderedMail(PlainText(text.ToHtmlString()), html.ToHtmlString());
        });
    }

    /// <summary>The text component's output is HTML-encoded like any component's; its twin is that, decoded, in tidy lines.</summary>
    private static string PlainText(string rendered) =>
        string.Join('\n', WebUtility.HtmlDecode(rendered).ReplaceLineEndings("\n").Trim('\n').Split('\n').Select(line => line.TrimEnd())) + "\n";

    private sealed class EncoderServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? Encoder : inner.GetService(serviceType);
    }
}
