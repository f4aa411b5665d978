using System.Globalization;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Intake;

/// <summary>The intake page's one form: the article, then (once read) its candidates with what the editor chose.</summary>
public sealed class IntakeForm
{
    public string? Text { get; set; }
    public string? Url { get; set; }
    public string? Outlet { get; set; }
    public string? Headline { get; set; }
    public string? PublishedAt { get; set; }
    public string? Language { get; set; }
    public List<CandidateForm> Candidates { get; set; } = [];

    public IntakeExtractInput ToExtractInput(FieldErrors errors) =>
        new(Text, Url, Outlet, Headline, FormDates.Parse(PublishedAt, "publishedAt", errors), Language);

    /// <summary>The article as an appearance: the same for every claim kept from it, each with its own sentence.</summary>
    public AppearanceInput Appearance(string? excerpt, FieldErrors errors) =>
        new(Url, Outlet, Headline, FormDates.Parse(PublishedAt, "publishedAt", errors), excerpt, Language);

    /// <summary>Fills the form from what the copy says, keeping what the editor already typed.</summary>
    public void Take(ExtractionJson extraction, string? defaultDesk)
    {
        Headline = string.IsNullOrWhiteSpace(Headline) ? extraction.Headline : Headline;
        PublishedAt = string.IsNullOrWhiteSpace(PublishedAt) ? extraction.PublishedAt : PublishedAt;
        Language = string.IsNullOrWhiteSpace(Language) ? extraction.Language : Language;
        Candidates = extraction.Candidates.Select(c => new CandidateForm
        {
            Statement = c.Statement,
            Claimant = c.Claimant,
            Sentence = c.Sentence,
            Desk = defaultDesk,
            SuggestedState = c.SuggestedState,
            DeniedBy = c.DeniedBy,
            KeepDenied = c.DeniedBy is not null,
            Score = c.Score.ToString("0.00", CultureInfo.InvariantCulture),
            Similar = c.Similar,
        }).ToList();
    }
}

public sealed class CandidateForm
{
    /// <summary>The choice that makes a new claim; otherwise the id of the claim the article is another appearance of.</summary>
    public const string NewClaim = "new";

    public bool Keep { get; set; }
    public string? Statement { get; set; }
    public string? Claimant { get; set; }
    public string? Sentence { get; set; }
    public string? Desk { get; set; }
    public string? Priority { get; set; } = "normal";
    public string? SuggestedState { get; set; }
    public string? DeniedBy { get; set; }
    public bool KeepDenied { get; set; }
    public string? Score { get; set; }
    public string? Target { get; set; } = NewClaim;

    /// <summary>Looked up again on every render, never posted back.</summary>
    public IReadOnlyList<SimilarClaimJson> Similar { get; set; } = [];

    public bool IsSuggestedDenial => SuggestedState == "denied" && !string.IsNullOrWhiteSpace(DeniedBy);

    public ArticleItem ToItem(IntakeForm article, FieldErrors errors)
    {
        var appearance = article.Appearance(Sentence, errors);
        if (Target is not (null or NewClaim))
        {
            if (!long.TryParse(Target, NumberStyles.None, CultureInfo.InvariantCulture, out var claimId))
            {
                errors.Add("target", $"'{Target}' is not a claim number.");
                claimId = 0;
            }

            return new AppearanceFromArticle(claimId, appearance);
        }

        var denial = IsSuggestedDenial && KeepDenied
            ? new TransitionInput("denied", $"Denied in the copy it was logged from: {Sentence}", null, DeniedBy, article.Url, null)
            : null;
        return new NewClaimFromArticle(new CreateClaimInput(Statement, Claimant, null, Desk, Priority, appearance), denial);
    }
}

public sealed record IntakePageModel(IntakeForm Form, IReadOnlyList<Desks.DeskRow> Desks, bool Read);

public sealed record IntakeResultModel(IReadOnlyList<ClaimDetail> Created, IReadOnlyList<ClaimDetail> Appearances);
