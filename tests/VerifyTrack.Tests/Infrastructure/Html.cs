using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>Reads pages the way a person would see them: parsed HTML, found by selectors.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<IDocument> ReadHtmlAsync(this HttpResponseMessage response) => Parse(await response.Content.ReadAsStringAsync());

    public static async Task<IDocument> GetPageAsync(this FormClient browser, string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var response = await browser.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 600)]}");
        return Parse(html);
    }

    /// <summary>The claim ids of the queue's rows, in the order shown.</summary>
    public static long[] QueueIds(this IDocument page) =>
        page.QuerySelectorAll("table.queue tbody tr td.statement a")
            .Select(a => long.Parse(a.GetAttribute("href")!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

    public static string Value(this IDocument page, string selector) =>
        page.QuerySelector(selector)?.GetAttribute("value") ?? throw new InvalidOperationException($"No {selector}");

    /// <summary>
    /// The fields of the first form matching <paramref name="selector"/>, as a browser would submit them: its own, and
    /// those elsewhere on the page that join it with a <c>form</c> attribute.
    /// </summary>
    public static List<(string Name, string Value)> FormFields(this IDocument page, string selector)
    {
        var form = page.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector}");
        var fields = new List<(string, string)>();
        var id = form.GetAttribute("id");
        var joined = string.IsNullOrEmpty(id) ? [] : page.QuerySelectorAll("input[name], textarea[name], select[name]").Where(e => e.GetAttribute("form") == id && !form.Contains(e));
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]").Concat(joined))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        fields.Add((name, input.Value));
                    }

                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input:
                    fields.Add((name, input.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area:
                    fields.Add((name, area.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select:
                    fields.Add((name, select.Value ?? ""));
                    break;
            }
        }

        return fields;
    }

    public static List<(string Name, string Value)> With(this List<(string Name, string Value)> fields, string name, string value)
    {
        fields.RemoveAll(f => f.Name == name);
        fields.Add((name, value));
        return fields;
    }

    public static async Task<HttpResponseMessage> SubmitAsync(this FormClient browser, IDocument page, string formSelector, List<(string Name, string Value)> fields)
    {
        var action = page.QuerySelector(formSelector)!.GetAttribute("action")!;
        return await browser.Http.PostAsync(action, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
    }
}
