using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Intake;

public sealed class IntakeApiTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private HttpClient _api = null!;
    private string _desk = "";

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(ExtractionQuality.FixturesFolder, name));

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("in-" + Guid.NewGuid().ToString("N")[..8]);
        _api = app.ApiClient((await app.CreateUserAsync("editor", _desk)).Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Extract_MoscowDeniesArticle_FindsTheCaptureClaimWithItsClaimantCuesAndTheNamedDenial()
    {
        var result = await _api.PostAsJsonAsync("/api/v1/intake/extract", new { text = Fixture("03-moscow-denies-soldiers-captured-2017.txt"), url = "https://example.org/moscow-denies" })
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Moscow Denies Islamic State Captured Two Russian Soldiers", result.Str("headline"));
        Assert.Equal("en", result.Str("language"));
        var candidates = result["candidates"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.InRange(candidates.Count, 3, 30);
        var scores = candidates.Select(c => c["score"]!.GetValue<double>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, s => Assert.InRange(s, 0, 1));

        var capture = Assert.Single(candidates, c => c.Str("sentence").StartsWith("On Thursday, ISIS claimed that it took the two Russians captive", StringComparison.Ordinal));
        Assert.Equal("ISIS", capture.Str("claimant"));
        Assert.StartsWith("ISIS took the two Russians captive", capture.Str("statement"));
        Assert.Equal("denied", capture.Str("suggestedState"));
        Assert.False(string.IsNullOrEmpty(capture.Str("deniedBy")));
        var cues = capture["cues"]!.AsArray().Select(c => (c!.AsObject().Str("kind"), c.AsObject().Str("text"))).ToList();
        Assert.Contains(("attribution", "claimed"), cues);
        Assert.Contains(cues, c => c.Item1 == "denial");
        Assert.Empty(capture["similar"]!.AsArray());

        Assert.DoesNotContain(candidates, c => c.Str("sentence").Contains("Please let us know", StringComparison.Ordinal));
        var unverifiable = Assert.Single(candidates, c => c.Str("sentence").Contains("allegedly kidnapped Russian soldiers", StringComparison.Ordinal));
        Assert.Contains(unverifiable["cues"]!.AsArray(), c => c!.AsObject().Str("kind") == "hedge");
    }

    [Fact]
    public async Task Extract_ListsAnExistingClaimThatSaysTheSameThing_WithWhyItMatched()
    {
        var existing = await _api.CreateClaimAsync(_desk, "Islamic State says it captured two Russian soldiers near Deir ez-Zor");

        var result = await _api.PostAsJsonAsync("/api/v1/intake/extract", new
        {
            text = "ISIS says it has captured two Russian soldiers in Deir Ezzor\n\nIslamic State claimed on Thursday that its fighters had captured two Russian soldiers in Deir Ezzor, a claim the Russian Defence Ministry denied.",
        }).ExpectAsync(HttpStatusCode.OK);

        var candidate = Assert.Single(result["candidates"]!.AsArray())!.AsObject();
        Assert.Equal("denied", candidate.Str("suggestedState"));
        Assert.Equal("Russian Defence Ministry", candidate.Str("deniedBy"));
        Assert.Equal("Islamic State", candidate.Str("claimant"));
        var similar = Assert.Single(candidate["similar"]!.AsArray(), s => s!.AsObject().Id() == existing.Id())!.AsObject();
        Assert.Equal(existing.Str("slug"), similar.Str("slug"));
        Assert.Equal("unverified", similar.Str("state"));
        Assert.NotEmpty(similar["matchedTerms"]!.AsArray());
        Assert.InRange(similar["score"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task Extract_Html_IsReducedToItsText_WithoutScriptsOrStyles()
    {
        const string html = """
            <html><head><title>x</title><style>p { color: red }</style></head>
            <body><nav>Home | World</nav><h1>Ministry denies hackers stole tax records</h1>
            <p>Published 5 October 2024</p>
            <script>document.write("Officials said the script ran.")</script>
            <p>A hacker group said on Monday it had stolen the records of 4.5 million taxpayers, a claim the Ministry of Economy denied.</p>
            <p>The sample &ldquo;could not be independently verified&rdquo;, Reuters said.</p></body></html>
            """;

        var result = await _api.PostAsJsonAsync("/api/v1/intake/extract", new { text = html }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ministry denies hackers stole tax records", result.Str("headline"));
        Assert.Equal("2024-10-05", result.Str("publishedAt"));
        var sentences = result["candidates"]!.AsArray().Select(c => c!.AsObject().Str("sentence")).ToList();
        Assert.Contains("A hacker group said on Monday it had stolen the records of 4.5 million taxpayers, a claim the Ministry of Economy denied.", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("script", StringComparison.Ordinal) || s.Contains("color", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extract_CyrillicAndArabicCopy_YieldsSentencesAndNoError()
    {
        var russian = await _api.PostAsJsonAsync("/api/v1/intake/extract", new
        {
            text = "Минобороны опровергло сообщения о захвате военных\n\nИсламское государство заявило, что захватило двух российских военнослужащих в Дейр-эз-Зоре. Министерство обороны России опровергло эти сообщения.",
        }).ExpectAsync(HttpStatusCode.OK);
        var arabic = await _api.PostAsJsonAsync("/api/v1/intake/extract", new
        {
            text = "المفوضية تنفي حدوث تزوير\n\nقالت المتحدثة باسم المفوضية إن العملية الانتخابية جرت بشفافية كاملة. ولم تسجل أي خروقات تؤثر على النتائج؟ وأكدت ذلك مرة أخرى.",
        }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("ru", russian.Str("language"));
        Assert.Equal("Минобороны опровергло сообщения о захвате военных", russian.Str("headline"));
        Assert.Equal("ar", arabic.Str("language"));
        Assert.NotNull(arabic["candidates"]);
    }

    [Theory]
    [InlineData("""{"text": ""}""", "text")]
    [InlineData("""{"text": "   \n  "}""", "text")]
    [InlineData("""{"url": "https://example.org"}""", "text")]
    [InlineData("""{"text": "ISIS said it captured two soldiers.", "url": "javascript:alert(1)"}""", "url")]
    [InlineData("""{"text": "ISIS said it captured two soldiers.", "publishedAt": "last tuesday"}""", "publishedAt")]
    [InlineData("""{"text": 42}""", "text")]
    public async Task Extract_BadRequest_Is400NamingTheField(string body, string field)
    {
        var response = await _api.PostAsync("/api/v1/intake/extract", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field) || errors.ContainsKey("$." + field), problem.ToJsonString());
    }

    [Fact]
    public async Task Extract_BodyOverTheEditorsApiLimit_Is413_AndWithoutAToken_401()
    {
        var huge = await _api.PostAsync("/api/v1/intake/extract", new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { text = new string('a', 300_000) }), System.Text.Encoding.UTF8, "application/json"));
        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/intake/extract", new { text = "ISIS said it captured two soldiers." });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
