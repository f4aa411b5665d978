using System.Net;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class ErrorPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("99999")]
    [InlineData("200")]
    [InlineData("\0")]
    public async Task RefusedPost_WithAFormFieldNamedCode_AnswersTheRealStatus(string code)
    {
        var client = new FormClient(app);

        var response = await client.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("code", code)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Error_AskedForDirectly_IsNotFound()
    {
        var response = await app.CreateClient().GetAsync("/error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/errors/99999")]
    [InlineData("/errors/200")]
    public async Task StatusPage_ForACodeThatIsNoError_IsNotFound(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_GivesMigrationCounts_NotNames()
    {
        var health = await app.CreateClient().GetAsync("/healthz").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, health["migrations"]!["pending"]!.GetValue<int>());
        Assert.DoesNotContain(".sql", health.ToJsonString(), StringComparison.Ordinal);
    }
}
