using System.Text.Json.Nodes;
using VerifyTrack.Tests.Cli;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Intake;

public sealed class IntakeVerbTests
{
    [Fact]
    public async Task RealProcess_IntakeExtract_PrintsTheSameJsonAsTheApi()
    {
        using var temp = new TempFolder();
        var article = Path.Combine(ExtractionQuality.FixturesFolder, "13-cascadia-mobile-data-leak-denied-2024.txt");

        var result = await CommandLineTests.RunProcessAsync(temp.Path, Path.Combine(temp.Path, "cli.db"), "",
            "intake", "extract", "--file", article, "--url", "https://example.org/cascadia", "--outlet", "Wire");

        Assert.True(result.Code == 0, result.Error);
        var json = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Equal("Cascadia Mobile denies hackers stole customer data after ransomware gang's claim", json.Str("headline"));
        Assert.Equal("en", json.Str("language"));
        var candidates = json["candidates"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(
            ["statement", "sentence", "claimant", "cues", "suggestedState", "deniedBy", "score", "similar"],
            c.Select(p => p.Key)));
        Assert.Contains(candidates, c => c.Str("suggestedState") == "denied" && c.Str("deniedBy") == "Cascadia Mobile");
    }

    [Fact]
    public async Task RealProcess_IntakeExtract_MissingFileIsExit1_MissingOptionIsExit2()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "cli.db");

        var missingFile = await CommandLineTests.RunProcessAsync(temp.Path, db, "", "intake", "extract", "--file", Path.Combine(temp.Path, "nope.txt"));
        var missingOption = await CommandLineTests.RunProcessAsync(temp.Path, db, "", "intake", "extract");
        var unknownOption = await CommandLineTests.RunProcessAsync(temp.Path, db, "", "intake", "extract", "--file", "x", "--desk", "world");

        Assert.Equal(1, missingFile.Code);
        Assert.Contains("There is no file", missingFile.Error);
        Assert.Equal(2, missingOption.Code);
        Assert.Contains("Missing --file", missingOption.Error);
        Assert.Equal(2, unknownOption.Code);
    }
}
