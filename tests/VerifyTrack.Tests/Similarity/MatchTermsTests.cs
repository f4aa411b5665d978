using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

public sealed class MatchTermsTests
{
    private static string Keys(string text) => string.Join(' ', MatchTerms.Of(text).Select(t => t.Key));

    [Theory]
    [InlineData("captured", "capture")]
    [InlineData("captured", "capturing")]
    [InlineData("captures", "capture")]
    [InlineData("soldiers", "soldier")]
    [InlineData("casualties", "casualty")]
    [InlineData("denied", "deny")]
    [InlineData("denies", "deny")]
    [InlineData("killed", "kills")]
    [InlineData("bombing", "bombed")]
    [InlineData("Soldiers", "soldiers")]
    public void Of_WordForms_ShareOneKey(string one, string other) => Assert.Equal(Keys(one), Keys(other));

    [Theory]
    [InlineData("Deir ez-Zor")]
    [InlineData("Deir Ezzor")]
    [InlineData("Deir al-Zour")]
    [InlineData("Deir el-Zor")]
    [InlineData("Dayr az-Zawr")]
    [InlineData("Deir Ez-Zor")]
    [InlineData("Deir ez‑Zor")] // a non-breaking hyphen
    [InlineData("Deir ez’Zor")]
    public void Of_TransliterationsOfDeirEzzor_Agree(string spelling) => Assert.Equal(Keys("Deir ez-Zor"), Keys(spelling));

    [Theory]
    [InlineData("Raqqa", "Rakka")]
    [InlineData("Raqqa", "Raqa")]
    [InlineData("Hizbollah", "Hezbollah")]
    [InlineData("al-Qaeda", "Qaeda")]
    [InlineData("Al Qaeda", "al-Qaeda")]
    [InlineData("Aleppo", "Alepo")]
    [InlineData("Nangarhar", "Nangarhaar")]
    [InlineData("Mosul", "Mossul")]
    public void Of_SpellingVariants_Agree(string one, string other) => Assert.Equal(Keys(one), Keys(other));

    [Theory]
    [InlineData("Russia", "Russian")]
    [InlineData("down", "deny")]
    [InlineData("Iran", "Iraq")]
    [InlineData("two", "three")]
    [InlineData("IS", "ISIS")]
    public void Of_DifferentWords_StayApart(string one, string other) => Assert.NotEqual(Keys(one), Keys(other));

    [Fact]
    public void Of_StopWordsAndReportingVerbs_AreDropped() =>
        Assert.Equal(Keys("ISIS captured soldiers"), Keys("ISIS says it has captured the soldiers, according to reports"));

    [Fact]
    public void Of_AcronymsThatAreStopWords_AreKeptAsThemselves()
    {
        Assert.Equal("is", Keys("IS"));
        Assert.Equal("us", Keys("US"));
        Assert.Equal("us", Keys("U.S."));
        Assert.Equal("", Keys("it is for us"));
        Assert.Equal("is kl", Keys("IS killed"));
    }

    [Fact]
    public void Of_NumberWords_AreDigits() => Assert.Equal(Keys("2 soldiers"), Keys("two soldiers"));

    [Fact]
    public void Of_Possessive_IsTheName() => Assert.Equal(Keys("Russia defence ministry"), Keys("Russia's Defence Ministry"));

    [Fact]
    public void Of_Diacritics_AreRemoved()
    {
        Assert.Equal(Keys("Sharm el-Sheikh"), Keys("Sharm el-Sheïkh"));
        Assert.Equal(Keys("Zaporizhzhia"), Keys("Zaporízhzhia"));
        Assert.Equal(Keys("Straße"), Keys("Strasse"));
    }

    [Fact]
    public void Of_HyphenCompound_IsSplitAndJoined()
    {
        var terms = MatchTerms.Of("pro-Russian");
        Assert.Equal(2, terms.Count);
        Assert.All(terms, t => Assert.Equal(MatchTerms.Of("prorussian").Single().Key, t.JoinedKey));
        Assert.Equal(MatchTerms.Of("Russian").Single().Key, terms[1].Key);
        Assert.All(terms, t => Assert.Equal("pro-Russian", t.Word));
    }

    [Fact]
    public void Of_NamesWithDigits_AreOneTerm()
    {
        Assert.Equal("su24", Keys("Su-24"));
        Assert.Equal("mh17", Keys("MH17"));
        Assert.Equal("300", Keys("300"));
    }

    [Fact]
    public void Of_KeepsTheWordAsWritten()
    {
        var terms = MatchTerms.Of("Islamic State captured soldiers in Deir Ezzor.");
        Assert.Equal(["Islamic", "State", "captured", "soldiers", "Deir", "Ezzor"], terms.Select(t => t.Word));
    }

    [Fact]
    public void Of_Cyrillic_KeepsWordsWholeInLowerCase()
    {
        var terms = MatchTerms.Of("Министерство обороны России опровергло захват солдат");
        Assert.Equal(["министерство", "обороны", "россии", "опровергло", "захват", "солдат"], terms.Select(t => t.Key));
        Assert.Equal(Keys("Ёлка"), Keys("елка"));
    }

    [Fact]
    public void Of_Arabic_FoldsLetterVariantsMarksAndTheArticle()
    {
        Assert.Equal(Keys("الدولة الإسلامية"), Keys("دولة اسلامية"));
        Assert.Equal(Keys("دَيْر الزُّور"), Keys("دير الزور"));
        Assert.Equal(Keys("داعـــش"), Keys("داعش"));
        Assert.NotEmpty(Keys("داعش"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("- ' . -- ''")]
    [InlineData("the of and")]
    [InlineData("\u200B\u200D")]
    [InlineData("🙂 ☃")]
    public void Of_TextWithoutWords_HasNoTerms(string? text) => Assert.Empty(MatchTerms.Of(text));

    [Theory]
    [InlineData("ISIS says it captured two Russian soldiers in Deir Ezzor", 10)]
    [InlineData("U.S.-led coalition", 3)]
    [InlineData("Deir ez-Zor", 2)]
    [InlineData("", 0)]
    public void CountWords_CountsWhatAReaderCounts(string text, int words) => Assert.Equal(words, MatchTerms.CountWords(text));

    [Fact]
    public void IndexText_IsTheDistinctKeysOfEveryText()
    {
        var index = MatchTerms.IndexText("Islamic State captured soldiers; soldiers captured", "Islamic State / Amaq");
        Assert.Equal(index.Split(' ').Distinct().Count(), index.Split(' ').Length);
        Assert.Contains(MatchTerms.Of("Amaq").Single().Key, index.Split(' '));
        Assert.Equal("", MatchTerms.IndexText(null, ""));
    }

    [Theory]
    [InlineData("ezzor", "zr")]
    [InlineData("zour", "zr")]
    [InlineData("zawr", "zr")]
    [InlineData("draw", "drw")]
    [InlineData("down", "dwn")]
    [InlineData("raqqa", "rk")]
    [InlineData("iran", "irn")]
    [InlineData("assad", "sd")]
    public void Skeleton_KeepsTheConsonants(string word, string skeleton) => Assert.Equal(skeleton, MatchTerms.Skeleton(word));

    [Theory]
    [InlineData("captured", "captur")]
    [InlineData("capture", "captur")]
    [InlineData("capturing", "captur")]
    [InlineData("soldiers", "soldier")]
    [InlineData("status", "status")]
    [InlineData("isis", "isis")]
    [InlineData("bring", "bring")]
    [InlineData("shed", "shed")]
    [InlineData("addresses", "address")]
    public void Stem_IsLight(string word, string stem) => Assert.Equal(stem, MatchTerms.Stem(word));

    [Fact]
    public void SearchWords_AreTheSearchIndexsWords()
    {
        var words = MatchTerms.SearchWords("ISIS in Deir ez-Zor, a Ṭown");
        Assert.Equal(["ISIS", "in", "Deir", "ez", "Zor", "Ṭown"], words.Select(w => w.Typed));
        Assert.Equal(["isis", "in", "deir", "ez", "zor", "town"], words.Select(w => w.Plain));
        Assert.Equal([true, false, false, false, false, false], words.Select(w => w.IsCapitals));
    }
}
