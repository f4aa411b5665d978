using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

public sealed class AliasValidationTests
{
    private static readonly IReadOnlyList<AliasGroup> Existing = [new AliasGroup(1, "Islamic State", ["ISIS", "Daesh"]), new AliasGroup(2, "Tass", ["TASS"])];

    private static string Errors(string? name, string? terms, long? editing = null) =>
        string.Join(" ", Aliases.Validate(name, terms, Existing, editing).Errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    [Fact]
    public void Validate_GoodGroup_IsCleaned()
    {
        var (name, terms, errors) = Aliases.Validate("  Federal Security Service ", "FSB\n\n  Federal Security Service\r\nfsb \n", Existing, null);

        Assert.True(errors.IsEmpty);
        Assert.Equal("Federal Security Service", name);
        Assert.Equal(["FSB"], terms);
    }

    [Theory]
    [InlineData(null, "FSB", "name: name is required.")]
    [InlineData("FSB", null, "terms: Give at least one equivalent")]
    [InlineData("FSB", "FSB", "terms: Give at least one equivalent")]
    [InlineData("Of the", "FSB", "name: 'Of the' has no word to match by")]
    [InlineData("Caliphate", "Daesh", "terms: 'Daesh' already stands for 'Islamic State'")]
    [InlineData("Caliphate", "ISIS\nIS", "terms: 'ISIS' already stands for 'Islamic State'")]
    [InlineData("islamic state", "Caliphate", "name: There is already a group named 'islamic state'.")]
    [InlineData("Tass agency", "tass", "terms: 'tass' already stands for 'Tass'")]
    [InlineData("FSB", "Federal\u0007Security", "terms: terms must be a single line")]
    public void Validate_Mistakes_AreNamed(string? name, string? terms, string expected) =>
        Assert.StartsWith(expected, Errors(name, terms), StringComparison.Ordinal);

    [Fact]
    public void Validate_EditingAGroup_MayKeepItsOwnNames() => Assert.Equal("", Errors("Islamic State", "ISIS\nDaesh\nISIL", editing: 1));

    [Fact]
    public void Validate_TooManyTerms_IsRefused() =>
        Assert.Contains("at most 50", Errors("Many", string.Join('\n', Enumerable.Range(1, 51).Select(i => $"Name{i}x"))), StringComparison.Ordinal);

    [Fact]
    public void Validate_TooLongATerm_IsRefused() =>
        Assert.Contains("at most 100", Errors("Long", new string('x', 101)), StringComparison.Ordinal);
}
