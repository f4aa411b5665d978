using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace VerifyTrack.Web.Intake;

/// <summary>What the pasted copy says about itself: its text, headline and published date.</summary>
public static partial class ArticleText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "header",
        "footer", "tr", "td", "th", "figcaption", "pre", "hr", "dd", "dt", "time",
    };

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "iframe", "svg", "form", "button", "select", "head",
    };

    /// <summary>Whether the copy is HTML rather than plain text: it has tags a page would have.</summary>
    public static bool LooksLikeHtml(string text) => HtmlTag().IsMatch(text);

    /// <summary>The text a reader of the page sees, one block element per line; scripts and styles dropped.</summary>
    public static string FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var builder = new StringBuilder();
        Append(document.Body ?? (INode)document.DocumentElement, builder);
        return builder.ToString();
    }

    /// <summary>The headline: the first line of the copy, when it reads as one (short, and not a sentence that goes on).</summary>
    public static string? Headline(IReadOnlyList<string> paragraphs)
    {
        var first = paragraphs.Count > 0 ? paragraphs[0] : null;
        return first is { Length: > 0 and <= 300 } ? first.TrimEnd('.') : null;
    }

    /// <summary>
    /// A date in the copy's first lines (its dateline or byline): "03/12/2015 19:02", "Oct. 5, 2017",
    /// "5 October 2017", "2017-10-05". Numeric dates are read day first, as wire copy outside the U.S. writes
    /// them, unless that cannot be (13/… is a day; …/13/… is a month).
    /// </summary>
    public static DateOnly? PublishedDate(IReadOnlyList<string> paragraphs)
    {
        foreach (var line in paragraphs.Take(6))
        {
            if (line.Length > 200)
            {
                continue;
            }

            if (IsoDate().Match(line) is { Success: true } iso &&
                DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var isoDate))
            {
                return isoDate;
            }

            if (NumericDate().Match(line) is { Success: true } numeric)
            {
                var (a, b, year) = (int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(numeric.Groups[3].Value, CultureInfo.InvariantCulture));
                var (day, month) = a > 12 || b <= 12 ? (a, b) : (b, a);
                if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
                {
                    return new DateOnly(year, month, day);
                }
            }

            if (MonthFirstDate().Match(line) is { Success: true } monthFirst &&
                ToDate(monthFirst.Groups["day"].Value, monthFirst.Groups["month"].Value, monthFirst.Groups["year"].Value) is { } a1)
            {
                return a1;
            }

            if (DayFirstDate().Match(line) is { Success: true } dayFirst &&
                ToDate(dayFirst.Groups["day"].Value, dayFirst.Groups["month"].Value, dayFirst.Groups["year"].Value) is { } a2)
            {
                return a2;
            }
        }

        return null;
    }

    private static DateOnly? ToDate(string day, string month, string year)
    {
        var monthNumber = Array.FindIndex(Months, m => month.StartsWith(m, StringComparison.OrdinalIgnoreCase)) + 1;
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        return monthNumber > 0 && d >= 1 && d <= DateTime.DaysInMonth(y, monthNumber) ? new DateOnly(y, monthNumber, d) : null;
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static void Append(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element when Dropped.Contains(element.LocalName):
                    break;
                case IElement element:
                    var block = BlockElements.Contains(element.LocalName);
                    if (block)
                    {
                        builder.Append('\n');
                    }

                    Append(element, builder);
                    if (block)
                    {
                        builder.Append('\n');
                    }

                    break;
            }
        }
    }

    [GeneratedRegex(@"<\s*(html|body|p|div|br|span|a|article|h[1-6]|li|ul|section|script|style)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\b(19|20)\d\d-\d\d-\d\d\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<day>\d{1,2}),?\s+(?<year>(?:19|20)\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthFirstDate();

    [GeneratedRegex(@"\b(?<day>\d{1,2})\s+(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+(?<year>(?:19|20)\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayFirstDate();
}
