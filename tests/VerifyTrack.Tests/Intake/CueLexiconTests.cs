using VerifyTrack.Web.Intake;

namespace VerifyTrack.Tests.Intake;

/// <summary>Every phrase of the lexicon, found as its own kind in a sentence, plus the readings that need care.</summary>
public sealed class CueLexiconTests
{
    // Where the same phrase is in two lists, the more cautious reading wins (Cues' order).
    private static readonly CueKind[] Precedence = [CueKind.Hedge, CueKind.NoComment, CueKind.Denial, CueKind.Confirmation, CueKind.Attribution];

    private static readonly (CueKind Kind, IReadOnlyList<string> Phrases)[] Lexicons =
    [
        (CueKind.Hedge, CueLexicon.Hedges),
        (CueKind.NoComment, CueLexicon.NoComments),
        (CueKind.Denial, CueLexicon.Denials),
        (CueKind.Confirmation, CueLexicon.Confirmations),
        (CueKind.Attribution, CueLexicon.Attributions),
    ];

    public static TheoryData<string, CueKind> EveryPhrase()
    {
        var data = new TheoryData<string, CueKind>();
        foreach (var phrase in Lexicons.SelectMany(l => l.Phrases).Distinct(StringComparer.Ordinal))
        {
            data.Add(phrase, Precedence.First(kind => Lexicons.Single(l => l.Kind == kind).Phrases.Contains(phrase)));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPhrase))]
    public void EachPhrase_InASentence_IsFoundWholeAsItsKind(string phrase, CueKind kind)
    {
        var sentence = $"On Monday the officials {phrase.ToUpperInvariant()[0]}{phrase[1..]} about the strike near Raqqa.";

        var cues = Cues.Find(sentence);

        var cue = Assert.Single(cues, c => c.Text.Equals(phrase, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(kind, cue.Kind);
        Assert.Equal(sentence.IndexOf(cue.Text, StringComparison.Ordinal), cue.Start);
    }

    [Theory]
    [InlineData("The video could not be independently verified.", CueKind.Hedge, "could not be independently verified")]
    [InlineData("The claims could not immediately be confirmed.", CueKind.Hedge, "could not immediately be confirmed")]
    [InlineData("The ministry would not confirm or deny the report.", CueKind.NoComment, "would not confirm or deny")]
    [InlineData("The ministry neither confirmed nor denied the report.", CueKind.NoComment, "neither confirmed nor denied")]
    [InlineData("A spokesman declined to comment on the video.", CueKind.NoComment, "declined to comment")]
    [InlineData("The Defence Ministry denied that any soldiers were captured.", CueKind.Denial, "denied")]
    [InlineData("Moscow has dismissed as false previous ISIS allegations.", CueKind.Denial, "dismissed as false")]
    [InlineData("Analysts geolocated the footage to Deir Ezzor.", CueKind.Confirmation, "geolocated")]
    [InlineData("The so-called proof of life video appeared online.", CueKind.Hedge, "so-called")]
    [InlineData("Let’s be clear about the numbers, officials said.", CueKind.Attribution, "said")]
    public void Readings_ThatNeedCare(string sentence, CueKind kind, string text)
    {
        var cues = Cues.Find(sentence);

        Assert.Contains(cues, c => c.Kind == kind && c.Text == text);
    }

    [Theory]
    [InlineData("The ministry’s spokeswoman, not a confirmation of anything, spoke.")]
    [InlineData("Unconfirmedly")]
    [InlineData("The saidness of it")]
    public void PartsOfWords_AreNotCues(string sentence)
    {
        Assert.DoesNotContain(Cues.Find(sentence), c => c.Kind is CueKind.Confirmation or CueKind.Hedge && sentence.Contains("Unconfirmedly", StringComparison.Ordinal));
        Assert.DoesNotContain(Cues.Find(sentence), c => c.Text == "said" && sentence.Contains("saidness", StringComparison.Ordinal));
    }

    [Fact]
    public void OverlappingCues_TheLongerWins_AndNoTwoOverlap()
    {
        var cues = Cues.Find("Reuters could not independently verify the claims, which the ministry denied, according to Tass.");

        Assert.Contains(cues, c => c is { Kind: CueKind.Hedge, Text: "could not independently verify" });
        Assert.Contains(cues, c => c is { Kind: CueKind.Denial, Text: "denied" });
        Assert.Contains(cues, c => c is { Kind: CueKind.Attribution, Text: "according to" });
        Assert.All(cues.Zip(cues.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Theory]
    [InlineData("Министерство обороны опровергло эти сообщения.")]
    [InlineData("قالت المتحدثة باسم المفوضية إن العملية جرت بشفافية.")]
    public void OtherScripts_CarryNoCues_AndNoError(string sentence)
    {
        Assert.Empty(Cues.Find(sentence));
    }

    [Theory]
    [InlineData("Leave a comment")]
    [InlineData("Read all articles by Sara Carter")]
    [InlineData("Scroll to top")]
    [InlineData("Advertisement")]
    [InlineData("COMMENTS")]
    [InlineData("Share this article")]
    [InlineData("Screen Shot 2017-06-19 at 8.58.32 PM.png")]
    public void Boilerplate_IsNeverACandidate(string line)
    {
        var extraction = ClaimExtractor.Extract(new Article($"Headline about a strike\n\nThe ministry said on Monday that 12 soldiers were killed in the attack near Raqqa.\n\n{line}\n"));

        Assert.DoesNotContain(extraction.Candidates, c => c.Sentence.Contains(line, StringComparison.Ordinal));
        Assert.Single(extraction.Candidates);
    }
}
