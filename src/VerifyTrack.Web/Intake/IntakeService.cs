namespace VerifyTrack.Web.Intake;

/// <summary>Reads pasted copy into candidate claims, each with the existing claims it may duplicate.</summary>
public sealed class IntakeService
{
    public Task<(ExtractionJson? Extraction, FieldErrors Errors)> ExtractAsync(IntakeExtractInput input, CancellationToken cancellationToken = default)
    {
        var errors = input.Validate();
        if (!errors.IsEmpty)
        {
            return Task.FromResult<(ExtractionJson?, FieldErrors)>((null, errors));
        }

        var extraction = ClaimExtractor.Extract(input.ToArticle());
        return Task.FromResult<(ExtractionJson?, FieldErrors)>((ExtractionJson.From(extraction, _ => []), errors));
    }
}
