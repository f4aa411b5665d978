using Dapper;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Demo;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

/// <summary>The bulk generator, which drops the index triggers while it writes, fills the similar-claims index too and puts them back.</summary>
public sealed class GeneratedClaimsTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public async Task InitializeAsync() => await _app.Services.GetRequiredService<DemoGenerator>().GenerateAsync(300, seed: 11);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Generate_FillsTheIndex_AndLaterWritesAreIndexedToo()
    {
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            Assert.Equal(
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims"),
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims_similarity"));
            Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claims_similarity_%'"));
        }

        var editor = await _app.CreateUserAsync("admin");
        var created = await _app.Get<ClaimCommands>().CreateAsync(
            new CreateClaimInput("Zaporizhzhia plant operator says shelling cut the last power line overnight", "Energoatom", null, "world", "normal",
                new AppearanceInput("https://example.org/zaes", "Reuters", "Power line cut", _app.Clock.GetUtcNow(), null, null)),
            new Actor(editor.Id, editor.Email));

        var found = await _app.Get<SimilarClaims>().FindAsync("The Zaporizhzhia plant's operator said shelling had cut its last power line overnight", 5);

        Assert.Equal(created.Claim!.Claim.Id, found[0].Id);
        Assert.Equal(Likeness.Likely, found[0].Likeness);
    }
}
