namespace VerifyTrack.Web.Similarity;

public sealed class SimilarityOptions
{
    public const string Section = "Similarity";

    /// <summary>At or above this score (0 to 1) an existing claim is suggested as saying the same thing.</summary>
    public double SuggestedScore { get; set; } = 0.45;

    /// <summary>At or above this score it is likely the same claim, when both texts have <see cref="LikelyMinWords"/> words or more.</summary>
    public double LikelyScore { get; set; } = 0.75;

    /// <summary>A text shorter than this many words is never called likely the same: a few words say too little.</summary>
    public int LikelyMinWords { get; set; } = 8;

    /// <summary>How many claims, newest first, each of the lookup's two index queries may hand on to be scored.</summary>
    public int MaxCandidates { get; set; } = 200;
}
