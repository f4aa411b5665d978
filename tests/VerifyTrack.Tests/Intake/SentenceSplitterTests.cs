using VerifyTrack.Web.Intake;

namespace VerifyTrack.Tests.Intake;

public sealed class SentenceSplitterTests
{
    private static string[] Split(string text) => SentenceSplitter.Split(text).Select(s => s.Text).ToArray();

    [Theory]
    [InlineData("Gen. Abdi Hassan Farah denied it. The army said so.", "Gen. Abdi Hassan Farah denied it.")]
    [InlineData("Russia on Sept. 30 launched airstrikes. Critics disagree.", "Russia on Sept. 30 launched airstrikes.")]
    [InlineData("The U.S. military rejected the account. It said no one died.", "The U.S. military rejected the account.")]
    [InlineData("Dr. Amina Yusuf said the clinic took 5 patients. Others were sent away.", "Dr. Amina Yusuf said the clinic took 5 patients.")]
    [InlineData("It was dated Oct. 3, though there was no other evidence. Reuters could not verify it.", "It was dated Oct. 3, though there was no other evidence.")]
    [InlineData("President John F. Kennedy spoke. Then he left.", "President John F. Kennedy spoke.")]
    [InlineData("They published 1,700 records on 4.5 million people. The ministry denied it.", "They published 1,700 records on 4.5 million people.")]
    [InlineData("The polls closed at 6 p.m. on Monday. Counting began.", "The polls closed at 6 p.m. on Monday.")]
    public void AbbreviationsInitialsAndNumbers_DoNotEndASentence(string text, string first)
    {
        var sentences = Split(text);

        Assert.Equal(2, sentences.Length);
        Assert.Equal(first, sentences[0]);
    }

    [Fact]
    public void AnAbbreviationThatEndsASentence_EndsItBeforeAUsualOpener()
    {
        Assert.Equal(["Troops were sent from the U.S.", "The ministry said so."], Split("Troops were sent from the U.S. The ministry said so."));
    }

    [Fact]
    public void AQuotationOfSeveralSentences_StaysWithItsAttribution()
    {
        const string text = "“I am Zabolotny Roman. I was born in 1979. I was taken prisoner,” claimed the man in Russian. Reuters could not verify it.";

        Assert.Equal(
            ["“I am Zabolotny Roman. I was born in 1979. I was taken prisoner,” claimed the man in Russian.", "Reuters could not verify it."],
            Split(text));
    }

    [Fact]
    public void QuotesThatDoNotPairUp_AreSplitAsPlainText()
    {
        Assert.Equal(["He said “we are agents.", "Then he stopped."], Split("He said “we are agents. Then he stopped."));
    }

    [Fact]
    public void AClosingQuoteAfterTheStop_BelongsToTheSentence()
    {
        Assert.Equal(
            ["The man said \"we will take our revenge.\"", "ISIS released it."],
            Split("The man said \"we will take our revenge.\" ISIS released it."));
    }

    [Fact]
    public void LinesAreParagraphs_AndAWrappedLineJoinsTheOneBefore()
    {
        var sentences = SentenceSplitter.Split("Headline of the story\n\nThe ministry said on Monday that\nsoldiers were safe.\nA second paragraph follows.");

        Assert.Equal(["Headline of the story", "The ministry said on Monday that soldiers were safe.", "A second paragraph follows."], sentences.Select(s => s.Text));
        Assert.Equal([0, 1, 2], sentences.Select(s => s.Paragraph));
    }

    [Theory]
    [InlineData("Минобороны опровергло сообщения. Исламское государство заявило о захвате военных.", 2)]
    [InlineData("قالت المتحدثة إن العملية جرت بشفافية. ولم تسجل أي خروقات؟ وأكدت ذلك.", 3)]
    [InlineData("Часть из них действительно совпадает», — сказал Токтогулов. По его словам, счёта нет.", 2)]
    public void OtherScripts_SplitIntoSentences(string text, int count)
    {
        Assert.Equal(count, Split(text).Length);
    }

    [Fact]
    public void WhiteSpaceAndEmptyText_YieldNothing()
    {
        Assert.Empty(Split(""));
        Assert.Empty(Split(" \n\n \t "));
    }
}
