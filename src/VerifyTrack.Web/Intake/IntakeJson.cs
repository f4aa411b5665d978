using System.ComponentModel;
using System.Globalization;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Intake;

/// <summary>The body of <c>POST /api/v1/intake/extract</c>, and what the verb and the page send the same way.</summary>
public sealed record IntakeExtractInput(
    [property: RequiredInApi, Description("The article: plain text or HTML.")] string? Text,
    string? Url = null,
    string? Outlet = null,
    [property: Description("Found in the copy when not sent.")] string? Headline = null,
    DateTimeOffset? PublishedAt = null,
    [property: Description("Found in the copy when not sent.")] string? Language = null)
{
    /// <summary>Pasted articles run long; this is several times the longest wire story.</summary>
    public const int TextMax = 200_000;

    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        if (TextRules.IsBlank(Text))
        {
            errors.Add("text", "text is required: paste the article's text or HTML.");
        }
        else if (Text.Length > TextMax)
        {
            errors.Add("text", $"text must be at most {TextMax:N0} characters (got {Text.Length:N0}).");
        }

        if (!string.IsNullOrWhiteSpace(Url))
        {
            TextRules.RequiredUrl(errors, "url", Url);
        }

        TextRules.Optional(errors, "outlet", Outlet, TextRules.NameMax);
        TextRules.Optional(errors, "headline", Headline, TextRules.StatementMax);
        TextRules.Optional(errors, "language", Language, TextRules.LanguageMax);
        return errors;
    }

    public Article ToArticle() => new(
        Text!,
        TextRules.Clean(Headline),
        PublishedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null,
        TextRules.Clean(Language));
}

public sealed record CueJson(string Kind, string Text)
{
    public static CueJson From(Cue cue) => new(KindName(cue.Kind), cue.Text);

    public static string KindName(CueKind kind) => kind switch
    {
        CueKind.Attribution => "attribution",
        CueKind.Hedge => "hedge",
        CueKind.Denial => "denial",
        CueKind.Confirmation => "confirmation",
        CueKind.NoComment => "no-comment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

public sealed record CandidateJson(
    string Statement,
    string Sentence,
    string? Claimant,
    IReadOnlyList<CueJson> Cues,
    string SuggestedState,
    string? DeniedBy,
    double Score,
    IReadOnlyList<SimilarClaimJson> Similar);

public sealed record ExtractionJson(string? Headline, string? PublishedAt, string Language, IReadOnlyList<CandidateJson> Candidates)
{
    public static ExtractionJson From(Extraction extraction, Func<Candidate, IReadOnlyList<SimilarClaimJson>> similar) => new(
        extraction.Headline,
        extraction.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        extraction.Language,
        extraction.Candidates
            .Select(c => new CandidateJson(
                c.Statement, c.Sentence, c.Claimant, c.Cues.Select(CueJson.From).ToList(), Wire.Name(c.SuggestedState), c.DeniedBy, c.Score, similar(c)))
            .ToList());
}
