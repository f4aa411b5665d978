namespace VerifyTrack.Web.Similarity;

public static class SimilarityServiceCollectionExtensions
{
    /// <summary>Similar claims and the alias list; the options come from the <c>Similarity</c> section of the app's configuration.</summary>
    public static IServiceCollection AddSimilarity(this IServiceCollection services)
    {
        services.AddOptions<SimilarityOptions>().BindConfiguration(SimilarityOptions.Section)
            .Validate(o => o.SuggestedScore is > 0 and <= 1, "Similarity:SuggestedScore must be above 0 and at most 1.")
            .Validate(o => o.LikelyScore >= o.SuggestedScore && o.LikelyScore <= 1, "Similarity:LikelyScore must be from Similarity:SuggestedScore to 1.")
            .Validate(o => o.LikelyMinWords is >= 1 and <= 100, "Similarity:LikelyMinWords must be from 1 to 100.")
            .Validate(o => o.MaxCandidates is >= 10 and <= 10_000, "Similarity:MaxCandidates must be from 10 to 10000.")
            .ValidateOnStart();
        services.AddSingleton<Aliases>();
        services.AddSingleton<TermFrequencies>();
        services.AddSingleton<SimilarClaims>();
        return services;
    }
}
