using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Similarity;

/// <summary>The similar-claims query: <c>?text=&amp;limit=</c>.</summary>
public sealed record SimilarClaimsQuery(
    [property: Description("The statement or copy to compare with the existing claims (required, at most 5,000 characters).")]
    string? Text = null,
    [property: Description("How many claims at most, 1 to 50; 10 by default."), QueryValue("integer")]
    string? Limit = null)
{
    /// <summary>Room for a statement or a few paragraphs of copy, not a whole article.</summary>
    public const int MaxTextLength = 5000;
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    public (string? Text, int Limit, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        var text = QueryValues.Text(Text, "text", MaxTextLength, errors);
        if (text is null && errors.IsEmpty)
        {
            errors.Add("text", "text is required: the statement or copy to compare with the existing claims.");
        }

        var limit = QueryValues.Number(Limit, "limit", DefaultLimit, MaxLimit, errors);
        return (text, limit, errors);
    }
}

public sealed record SimilarClaimJson(
    long Id, string Slug, string Statement, string? Claimant, string State, double Score, IReadOnlyList<string> MatchedTerms, string Likeness)
{
    public static SimilarClaimJson From(SimilarClaim claim) => new(
        claim.Id, claim.Slug, claim.Statement, claim.Claimant, claim.State, claim.Score, claim.MatchedTerms,
        claim.Likeness == Similarity.Likeness.Likely ? "likely" : "suggested");
}

public sealed record SimilarClaimsJson(IReadOnlyList<SimilarClaimJson> Items);

[ApiController]
[Route("api/v1/claims/similar")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName)]
[IgnoreAntiforgeryToken]
[Tags("Claims")]
public sealed class SimilarClaimsApiController(SimilarClaims similar) : ControllerBase
{
    [HttpGet]
    [EndpointSummary("Find the claims that say the same as a text")]
    [EndpointDescription("Best first. `score` runs from 0 to 1; `likeness` is `suggested`, or `likely` the same claim; `matchedTerms` are the claim's words that matched.")]
    [ProducesResponseType<SimilarClaimsJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Find([FromQuery] SimilarClaimsQuery query, CancellationToken cancellationToken)
    {
        var (text, limit, errors) = query.Parse();
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        var found = await similar.FindAsync(text!, limit, cancellationToken);
        return Ok(new SimilarClaimsJson(found.Select(SimilarClaimJson.From).ToList()));
    }
}
