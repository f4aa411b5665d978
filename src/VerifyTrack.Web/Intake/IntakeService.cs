using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Intake;

/// <summary>Reads pasted copy into candidate claims, each with the existing claims it may repeat.</summary>
public sealed class IntakeService(SimilarClaims similarClaims)
{
    /// <summary>Enough to decide between "new claim" and "an appearance of #N"; the API's own lookup pages further.</summary>
    public const int SimilarPerCandidate = 5;

    public async Task<(ExtractionJson? Extraction, FieldErrors Errors)> ExtractAsync(IntakeExtractInput input, CancellationToken cancellationToken = default)
    {
        var errors = input.Validate();
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var extraction = ClaimExtractor.Extract(input.ToArticle());
        var similar = new Dictionary<Candidate, IReadOnlyList<SimilarClaimJson>>();
        foreach (var candidate in extraction.Candidates)
        {
            similar[candidate] = await FindSimilarAsync(candidate.Statement, cancellationToken);
        }

        return (ExtractionJson.From(extraction, c => similar[c]), errors);
    }

    public async Task<IReadOnlyList<SimilarClaimJson>> FindSimilarAsync(string statement, CancellationToken cancellationToken = default) =>
        (await similarClaims.FindAsync(statement, SimilarPerCandidate, cancellationToken)).Select(SimilarClaimJson.From).ToList();
}
