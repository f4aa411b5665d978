using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using Xunit.Abstractions;

namespace VerifyTrack.BrowserTests;

/// <summary>
/// Lighthouse (pinned in package-lock.json) on the public pages, in Debian's Chromium: accessibility, best practices
/// and SEO must be 100. Performance is only reported: on a shared CI machine it measures the machine.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LighthouseTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Required = ["accessibility", "best-practices", "seo"];

    [Fact]
    public async Task StatusList_Scores100InAccessibilityBestPracticesAndSeo()
    {
        await PublishedClaimAsync();

        await AssertScoresAsync("/status", "lighthouse-status");
    }

    [Fact]
    public async Task ClaimPage_Scores100InAccessibilityBestPracticesAndSeo()
    {
        var slug = await PublishedClaimAsync();

        await AssertScoresAsync($"/status/claims/{slug}", "lighthouse-status-claim");
    }

    private async Task AssertScoresAsync(string path, string report)
    {
        using var result = JsonDocument.Parse(await RunLighthouseAsync(fixture.App.BaseUrl + path, Path.Combine(BrowserFixture.Artifacts, report + ".json")));
        var root = result.RootElement;
        var categories = root.GetProperty("categories");
        var audits = root.GetProperty("audits");
        output.WriteLine($"Lighthouse {root.GetProperty("lighthouseVersion").GetString()} on {path}: "
            + string.Join(", ", categories.EnumerateObject().Select(c => $"{c.Name} {Percent(c.Value.GetProperty("score"))}")));

        var failures = new List<string>();
        if (root.TryGetProperty("runtimeError", out var runtimeError))
        {
            failures.Add($"runtime error: {runtimeError}");
        }

        foreach (var name in Required)
        {
            var category = categories.GetProperty(name);
            if (category.GetProperty("score") is { ValueKind: JsonValueKind.Number } score && score.GetDouble() == 1)
            {
                continue;
            }

            failures.Add($"{name} is {Percent(category.GetProperty("score"))}; failing audits:");
            foreach (var reference in category.GetProperty("auditRefs").EnumerateArray())
            {
                var audit = audits.GetProperty(reference.GetProperty("id").GetString()!);
                if (audit.GetProperty("score") is { ValueKind: JsonValueKind.Number } auditScore && auditScore.GetDouble() < 1)
                {
                    var explanation = audit.TryGetProperty("explanation", out var text) ? $" ({text.GetString()})" : "";
                    failures.Add($"  {audit.GetProperty("id").GetString()}: {audit.GetProperty("title").GetString()}{explanation}");
                    failures.AddRange(Examples(audit).Select(example => $"    {example}"));
                }
            }
        }

        Assert.True(failures.Count == 0, $"Lighthouse on {path} (report: artifacts/{report}.json):\n{string.Join('\n', failures)}");
    }

    /// <summary>
    /// Lighthouse's default, mobile: most readers arrive at a claim from a shared link on a phone, and its throttling
    /// is simulated, so the run takes no longer than the desktop preset's.
    /// </summary>
    private static async Task<string> RunLighthouseAsync(string url, string reportPath)
    {
        var folder = Path.Combine(BrowserFixture.RepositoryRoot(), "tests", "VerifyTrack.BrowserTests");
        var cli = Path.Combine(folder, "node_modules", "lighthouse", "cli", "index.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException("Lighthouse is missing: run 'bash tests/run.sh', which installs it with npm.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                cli, url, "--output=json", $"--output-path={reportPath}", "--quiet",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-path=/usr/bin/chromium",
                // The tests run as root in CI, where Chromium's sandbox cannot start.
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
            },
        };
        File.Delete(reportPath);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Lighthouse on {url} did not finish within 5 minutes: {await stderr}");
        }

        if (process.ExitCode != 0 || !File.Exists(reportPath))
        {
            throw new InvalidOperationException($"Lighthouse on {url} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await File.ReadAllTextAsync(reportPath);
    }

    /// <summary>The first few things an audit found (an element, a console message, a request), to say where to look.</summary>
    private static IEnumerable<string> Examples(JsonElement audit) =>
        audit.TryGetProperty("details", out var details) && details.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Take(3).Select(Example).Where(text => text.Length > 0)
            : [];

    private static string Example(JsonElement item)
    {
        string Text(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        var where = item.TryGetProperty("node", out var node) ? Text(node, "selector")
            : item.TryGetProperty("sourceLocation", out var source) ? Text(source, "url")
            : Text(item, "url");
        return string.Join(" ", new[] { where, Text(item, "description") }.Where(text => text.Length > 0));
    }

    private static string Percent(JsonElement score) =>
        score.ValueKind == JsonValueKind.Number ? Math.Round(score.GetDouble() * 100).ToString(CultureInfo.InvariantCulture) : "not scored";

    /// <summary>
    /// A denied claim with a public note and an appearance, published, so the pages show everything they can. Its
    /// words are its own: other tests in the collection search the shared app for theirs.
    /// </summary>
    private async Task<string> PublishedClaimAsync()
    {
        var commands = fixture.App.Services.GetRequiredService<ClaimCommands>();
        var lead = await fixture.App.Services.GetRequiredService<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync(fixture.Lead.Email);
        var actor = new Actor(lead!.Id, lead.Email);
        var appearance = new AppearanceInput("https://example.org/mosul-bridge", "Rudaw", "Mosul's old bridge reopens", DateTimeOffset.Parse("2026-10-30T00:00:00Z", CultureInfo.InvariantCulture), null, null);
        var claim = (await commands.CreateAsync(new CreateClaimInput("The governor says the old bridge in Mosul reopened to traffic " + Guid.NewGuid().ToString("N")[..6], "Nineveh governorate", null, "security", "normal", appearance), actor)).Claim!.Claim;
        var version = (await commands.TransitionAsync(claim.Id, new TransitionInput("denied", "Checked with the ministry", "The ministry says repairs continue until spring.", "Iraq's Ministry of Construction", null, claim.Version), actor)).Claim!.Claim.Version;
        await commands.PublishAsync(claim.Id, new VersionInput(version), actor);
        return claim.Slug;
    }
}
