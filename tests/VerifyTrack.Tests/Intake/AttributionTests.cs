using VerifyTrack.Web.Intake;

namespace VerifyTrack.Tests.Intake;

public sealed class AttributionTests
{
    private static AttributionFrame Read(string sentence, string? previous = null) => Attribution.Read(sentence, Cues.Find(sentence), previous);

    [Theory]
    [InlineData("On Thursday, ISIS claimed that it took the two Russians captive.", "ISIS", "ISIS took the two Russians captive.")]
    [InlineData("Iran's Islamic Revolutionary Guard Corps said on Wednesday it had seized a foreign tanker.", "Iran's Islamic Revolutionary Guard Corps", "Iran's Islamic Revolutionary Guard Corps had seized a foreign tanker.")]
    [InlineData("The ministry said the dam was intact and had not overflowed.", "The ministry", "The dam was intact and had not overflowed.")]
    [InlineData("Those numbers are estimated to be in the hundreds, Afghan and U.S. intelligence officials told Circa.", "Afghan and U.S. intelligence officials", "Those numbers are estimated to be in the hundreds.")]
    [InlineData("“All servicemen are safe,” declared the spokesperson, according to Tass.", "the spokesperson", "All servicemen are safe.")]
    [InlineData("“We have children dying in villages,” said Dr. Kuku Angelo Tia, who heads the secretariat.", "Dr. Kuku Angelo Tia", "We have children dying in villages.")]
    [InlineData("According to the Horn Conflict Data Project, the U.S. has conducted 270 airstrikes.", "Horn Conflict Data Project", "The U.S. has conducted 270 airstrikes.")]
    [InlineData("The U.S. has conducted 270 airstrikes in Somalia, according to a tally kept by the project.", "a tally", "The U.S. has conducted 270 airstrikes in Somalia.")]
    [InlineData("Dr. Amina Yusuf, who runs the Kismayo clinic, said it had received five patients.", "Dr. Amina Yusuf", "It had received five patients.")]
    [InlineData("\"What happened was fraud,\" the list's leader, Sherzad Qadir, told a news conference.", "the list's leader, Sherzad Qadir", "What happened was fraud.")]
    [InlineData("Preliminary results released by the commission gave the alliance seven seats.", "the commission", "Preliminary results released by the commission gave the alliance seven seats.")]
    [InlineData("Relatives of two crew members told reporters that the sailors had been beaten, citing a phone call.", "Relatives of two crew members", "The sailors had been beaten, citing a phone call.")]
    public void TheFrame_NamesTheClaimant_AndTheStatementIsTheAssertion(string sentence, string claimant, string statement)
    {
        var frame = Read(sentence);

        Assert.Equal(claimant, frame.Claimant);
        Assert.Equal(statement, frame.Statement);
    }

    [Fact]
    public void APronounSpeaker_IsTheClaimantBefore()
    {
        Assert.Equal("Islamic State", Read("He says he traveled to Turkey.", previous: "Islamic State").Claimant);
        Assert.Null(Read("He says he traveled to Turkey.").Claimant is "He" ? null : "resolved");
    }

    [Theory]
    [InlineData("There were no reports of incidents among servicemen.")]
    [InlineData("A recently released ISIS video shows the men.")]
    [InlineData("The video could not be independently verified.")]
    public void NounsAndPassives_AreNotASpeaker(string sentence)
    {
        Assert.Null(Read(sentence).Claimant);
    }

    [Theory]
    [InlineData("Russia's Defence Ministry", true)]
    [InlineData("Moscow", true)]
    [InlineData("a spokesman for Russia’s Hmeymim airbase", true)]
    [InlineData("a person familiar with the vessel's operations", false)]
    [InlineData("officials", false)]
    [InlineData("The ministry", false)]
    [InlineData(null, false)]
    public void IsNamed_WantsAName(string? party, bool named)
    {
        Assert.Equal(named, Attribution.IsNamed(party));
    }
}
