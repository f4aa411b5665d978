using System.Reflection;
using System.Text.Json;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class SampleSettingsTests
{
    private static readonly Type[] OptionsTypes =
    [
        typeof(VerifyTrack.Web.Infrastructure.Db.DatabaseOptions),
        typeof(VerifyTrack.Web.Claims.ReviewWindowOptions),
        typeof(VerifyTrack.Web.Claims.PermissionsOptions),
        typeof(VerifyTrack.Web.Similarity.SimilarityOptions),
        typeof(VerifyTrack.Web.Accounts.AccountOptions),
        typeof(VerifyTrack.Web.Demo.DemoOptions),
        typeof(VerifyTrack.Web.PublicStatus.PublicStatusOptions),
        typeof(VerifyTrack.Web.Infrastructure.Mail.MailOptions),
        typeof(VerifyTrack.Web.Infrastructure.Mail.OutboxOptions),
        typeof(VerifyTrack.Web.Webhooks.WebhookOptions),
        typeof(VerifyTrack.Web.Reminders.ReminderOptions),
        typeof(VerifyTrack.Web.Digests.DigestOptions),
        typeof(VerifyTrack.Web.Infrastructure.Jobs.HousekeepingOptions),
        typeof(VerifyTrack.Web.Infrastructure.Jobs.JobsOptions),
        typeof(VerifyTrack.Web.Backups.BackupOptions),
        typeof(VerifyTrack.Web.Infrastructure.Web.ForwardedHeadersSettings),
    ];

    [Fact]
    public void SampleSettings_NameEveryKeyOfEveryOptionsClass()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "appsettings.sample.json")));
        var keys = Flatten(sample.RootElement, "").ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = OptionsTypes
            .SelectMany(type => Keys(type, (string)type.GetField("Section")!.GetValue(null)!))
            .Where(key => !keys.Contains(key))
            .ToList();

        Assert.Empty(missing);
        Assert.Equal("false", keys.Contains("Demo:Seed") ? sample.RootElement.GetProperty("Demo").GetProperty("Seed").ToString().ToLowerInvariant() : "missing");
    }

    [Fact]
    public async Task SampleSettings_StartTheApp()
    {
        await using var app = new AppFactory();
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "appsettings.sample.json")));
        foreach (var key in Flatten(sample.RootElement, "").Where(k => !k.StartsWith("Database:", StringComparison.Ordinal) && !k.StartsWith("Jobs:", StringComparison.Ordinal)))
        {
            app.Settings[key] = Value(sample.RootElement, key);
        }

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<string> Keys(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .SelectMany(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsArray
                ? Keys(p.PropertyType, $"{prefix}:{p.Name}")
                : [$"{prefix}:{p.Name}"]);

    private static IEnumerable<string> Flatten(JsonElement element, string prefix) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}"))
            : [prefix];

    private static string? Value(JsonElement root, string key)
    {
        var element = key.Split(':').Aggregate(root, (e, part) => e.GetProperty(part));
        return element.ValueKind == JsonValueKind.Null ? null : element.ToString();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VerifyTrack.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
