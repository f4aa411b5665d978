namespace VerifyTrack.Web.Intake;

/// <summary>The kinds of words in wire copy that decide what a sentence is to the desk.</summary>
public enum CueKind
{
    /// <summary>Someone asserts it: "said", "according to", "claimed".</summary>
    Attribution,

    /// <summary>The copy keeps its distance: "could not be independently verified", "reportedly".</summary>
    Hedge,

    /// <summary>A party says it is not so: "denied", "dismissed as false".</summary>
    Denial,

    /// <summary>Someone independent says it is so: "confirmed", "verified".</summary>
    Confirmation,

    /// <summary>A party would not say: "declined to comment".</summary>
    NoComment,
}

/// <summary>
/// Every phrase the extractor reacts to, in one place, so an editor can read why a sentence was picked and a
/// developer can add a phrase with its test. English only: copy in other scripts still splits into sentences,
/// it just carries no cues. Phrases are matched on whole words, case-insensitively; a longer phrase wins over a
/// shorter one it contains ("could not be confirmed" is a hedge, not a confirmation).
/// </summary>
public static class CueLexicon
{
    /// <summary>Verbs that report speech or assertion; the claimant is their subject (or follows them in "…, said X").</summary>
    public static readonly IReadOnlyList<string> ReportingVerbs =
    [
        "said", "says", "say", "saying", "told", "tells", "claimed", "claims", "claim", "claiming", "stated", "states",
        "announced", "announces", "declared", "declares", "added", "adds", "insisted", "insists", "alleged", "alleges",
        "asserted", "asserts", "accused", "accuses", "warned", "warns", "threatened", "threatens", "reported", "reports",
        "wrote", "writes", "posted", "tweeted", "boasted", "acknowledged", "admitted", "maintained", "argued", "estimated",
        "estimates", "released", "published", "broadcast", "aired", "acknowledge", "admit", "allege", "announce", "insist",
        "maintain", "warn", "accuse", "called", "calls",
    ];

    /// <summary>Phrases that name the source after them: "according to Reuters", "citing the Russian military".</summary>
    public static readonly IReadOnlyList<string> SourceIntroducers =
    [
        "according to", "citing", "cited by", "quoted by", "as reported by", "reported by", "in a statement released by",
        "in a statement by", "a statement from", "a statement by", "in a video released by", "in a video by",
    ];

    public static readonly IReadOnlyList<string> Attributions =
    [
        .. ReportingVerbs, .. SourceIntroducers, "in a statement", "spokesman", "spokeswoman", "spokesperson",
        "responsibility for", "took responsibility", "purporting to show", "in a video", "in the video",
    ];

    public static readonly IReadOnlyList<string> Hedges =
    [
        "could not be independently verified", "could not be independently confirmed", "could not independently verify",
        "could not independently confirm", "could not immediately be confirmed", "could not immediately be verified",
        "could not immediately verify", "could not immediately confirm", "could not be verified", "could not be confirmed",
        "could not verify", "could not confirm", "cannot be verified", "cannot be independently verified",
        "has not been verified", "has not been independently verified", "have not been verified", "was not verified",
        "not independently verified", "unverified", "unconfirmed", "reportedly", "allegedly", "alleged", "purportedly",
        "purported", "purporting", "apparently", "appeared to", "appears to", "appear to", "seemed to", "seems to",
        "said to be", "claims to", "claimed to", "thought to be", "believed to be", "is believed", "are believed",
        "it is not clear", "it was not clear", "it is unclear", "it was unclear", "no indication", "no other evidence",
        "no evidence", "not possible to verify", "impossible to verify", "unable to verify", "unable to confirm",
        "authenticity", "so-called", "supposedly", "rumoured", "rumored",
    ];

    public static readonly IReadOnlyList<string> Denials =
    [
        "denied", "denies", "deny", "denying", "refuted", "refutes", "rejected", "rejects", "dismissed as false",
        "dismissed as fake", "dismissed the claim", "dismissed the claims", "dismissed the report", "dismissed the reports",
        "has dismissed", "have dismissed", "called it fake", "called the video fake", "called the report false",
        "fabricated", "fabrication", "baseless", "untrue", "no truth", "not true", "false claims", "false report",
        "fake news", "disinformation", "categorically", "there were no", "there was no such", "never happened",
        "did not happen", "strongly rejected", "flatly rejected",
    ];

    public static readonly IReadOnlyList<string> Confirmations =
    [
        "confirmed", "confirms", "confirming", "independently confirmed", "independently verified", "verified",
        "corroborated", "corroborates", "geolocated", "authenticated",
    ];

    public static readonly IReadOnlyList<string> NoComments =
    [
        "declined to comment", "declines to comment", "refused to comment", "no comment", "did not comment",
        "did not respond", "did not immediately respond", "has not responded", "have not responded",
        "could not be reached", "did not return", "not available for comment", "would not comment",
        "would not confirm or deny", "neither confirmed nor denied", "there was no comment", "no immediate comment",
    ];

    /// <summary>Words that move a sentence toward "an event a desk would check": violence, capture, numbers of people.</summary>
    public static readonly IReadOnlyList<string> EventWords =
    [
        "killed", "killing", "kill", "captured", "capture", "kidnapped", "abducted", "seized", "seize", "took", "taken",
        "executed", "beheaded", "beheading", "shot", "shooting", "bombed", "bombing", "attacked", "attack", "attacks",
        "launched", "struck", "strike", "strikes", "airstrike", "airstrikes", "destroyed", "downed", "arrested",
        "detained", "wounded", "injured", "dead", "died", "casualties", "hostages", "hostage", "prisoner", "prisoners",
        "infiltrated", "recruited", "recruiting", "supplied", "supplying", "hacked", "leaked", "breach", "fraud",
        "rigged", "flooded", "outbreak", "cases", "infected", "fired", "shelled", "violated", "occupied", "evacuated",
        "video", "footage", "photos", "images", "confesses", "confessed",
    ];

    /// <summary>Opinion and advice, which a desk does not verify.</summary>
    public static readonly IReadOnlyList<string> OpinionMarkers =
    [
        "should", "ought to", "must be", "in my opinion", "i think", "we think", "i believe", "we believe",
        "it is time", "let us", "let's", "hopefully", "unfortunately", "sadly",
    ];

    /// <summary>
    /// Page furniture that survives copying an article: never a claim. Matched against the start of a line, or the
    /// whole line for the short ones.
    /// </summary>
    public static readonly IReadOnlyList<string> Boilerplate =
    [
        "leave a comment", "read all articles by", "read more", "scroll to top", "share this", "share on", "advertisement",
        "comments", "please let us know", "sign up", "subscribe", "copyright", "all rights reserved", "click here",
        "follow us", "related:", "related articles", "you may also like", "watch:", "watch |", "photo:", "image:",
        "screen shot", "posted in", "filed under", "tags:", "about our people", "cookie", "newsletter", "print this",
        "email this", "skip to content", "back to top", "loading", "reporting by", "editing by", "additional reporting",
    ];

    /// <summary>Pronouns a reporting verb may have as subject; the claimant is then the previous sentence's.</summary>
    public static readonly IReadOnlyList<string> Pronouns = ["he", "she", "they", "it", "we", "i"];

    /// <summary>Subjects that stand for a source the copy does not name.</summary>
    public static readonly IReadOnlyList<string> UnnamedSourceWords =
    [
        "source", "sources", "official", "officials", "diplomat", "diplomats", "witness", "witnesses", "resident",
        "residents", "activist", "activists", "person", "people familiar", "insider", "insiders",
    ];
}
