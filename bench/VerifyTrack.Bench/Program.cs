using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Digests;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Reminders;
using VerifyTrack.Web.Intake;
using VerifyTrack.Web.PublicStatus;
using VerifyTrack.Web.Similarity;

// In-process timings against a generated database, through the app's own services:
//   dotnet run -c Release --project bench/VerifyTrack.Bench -- <database file> [runs] [only operations whose name has this]
// Prints one line per operation: name, median and fastest of the runs in milliseconds (and the p99 where it ran 100 times or more).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: VerifyTrack.Bench <database file> [runs]");
    return 2;
}

var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var only = args.Length > 2 ? args[2] : "";
var builder = Host.CreateApplicationBuilder();
builder.Configuration["Database:Path"] = Path.GetFullPath(args[0]);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDataProtection();
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddClaims(builder.Configuration);
builder.Services.AddSimilarity();
builder.Services.AddAudit();
builder.Services.AddDesks();
builder.Services.AddMail(builder.Configuration);
builder.Services.AddReminders(builder.Configuration);
builder.Services.AddDigests(builder.Configuration);
using var host = builder.Build();
var services = host.Services;
var now = DateTimeOffset.UtcNow;

await Measure("stale scan (claims owed a reminder now)", async () => $"{(await services.GetRequiredService<StaleReminders>().FindDueAsync(now)).Count} due");
await Measure("digests built for every desk", async () => $"{(await services.GetRequiredService<DeskDigests>().PreviewAllAsync(now)).Count} desks");
await Measure("search \"hmeymim helicopter palmyra\", first queue page", async () => Matches(await services.GetRequiredService<ClaimStore>().QueueAsync(new ClaimFilter(Text: "hmeymim helicopter palmyra"), null, 50, null, now)));
await Measure("broad search \"captured deir\", first queue page", async () => Matches(await services.GetRequiredService<ClaimStore>().QueueAsync(new ClaimFilter(Text: "captured deir"), null, 50, null, now)));
await Measure("similar claims to a reworded statement (10 best)", async () => Similar(await services.GetRequiredService<SimilarClaims>().FindAsync("Amaq says Islamic State fighters have captured two soldiers near Deir ez-Zor", 10)));
await Measure("similar claims: match terms of 1,000 statements and claimants", async () =>
{
    var count = 0;
    for (var i = 0; i < 1000; i++)
    {
        count += MatchTerms.Of($"Islamic State / Amaq News Agency says it captured {i} soldiers in Deir Ezzor").Count + MatchTerms.Of("Islamic State / Amaq News Agency").Count;
    }

    return $"{count:N0} terms";
});
await Measure("similar claims: score 200 candidates", async () =>
{
    var aliasSet = await services.GetRequiredService<Aliases>().CurrentAsync();
    var query = aliasSet.Canonicalise(MatchTerms.Of("Amaq says Islamic State fighters have captured two soldiers near Deir ez-Zor")).DistinctBy(t => t.Key).Select(t => new WeightedTerm(t, 2.0)).ToList();
    var total = 0.0;
    for (var i = 0; i < 200; i++)
    {
        var statement = $"Islamic State / Amaq News Agency says it captured {i} soldiers in Deir Ezzor";
        total += SimilarityScoring.Score(query, aliasSet.Canonicalise(MatchTerms.Of(statement)), aliasSet.Canonicalise(MatchTerms.Of("Islamic State / Amaq News Agency"))).Score;
        total += MatchTerms.CountWords(statement);
    }

    return $"{total:0}";
});
var article = FiveThousandWords();
await Measure($"intake: extract candidates from a {WordCount(article):N0}-word article", () =>
    Task.FromResult($"{ClaimExtractor.Extract(new Article(article)).Candidates.Count} candidates"));
await Measure("similar claims to a statement unlike any claim", async () => Similar(await services.GetRequiredService<SimilarClaims>().FindAsync("Flooding closes the port of Rotterdam to shipping for three days", 10)));
await Measure("queue default view, first page and counts", async () => $"{(await services.GetRequiredService<ClaimStore>().QueueAsync(new ClaimFilter(), null, 50, null, now)).Items.Count} rows");
await Measure("queue of one desk, first page and counts", async () => $"{(await services.GetRequiredService<ClaimStore>().QueueAsync(new ClaimFilter(Desk: "world"), null, 50, null, now)).Items.Count} rows");
await Measure("a write behind a 30 ms lock held by another connection (SQLite's busy handler)", async () =>
{
    var database = services.GetRequiredService<Database>();
    await using var holder = await database.OpenAsync();
    await using var waiter = await database.OpenAsync();
    await holder.ExecuteAsync("BEGIN IMMEDIATE");
    var release = Task.Run(async () =>
    {
        await Task.Delay(30);
        await holder.ExecuteAsync("ROLLBACK");
    });
    await waiter.ExecuteAsync("BEGIN IMMEDIATE; ROLLBACK;");
    await release;
    return "lock taken after it was released";
});
// card_render: the longest statement the card cuts, in Latin and in Arabic (shaped right to left), many times for a p99.
using var shareCard = new ShareCard();
var cardSince = new DateTimeOffset(2017, 10, 6, 9, 0, 0, TimeSpan.Zero);
var longStatement = string.Join(' ', Enumerable.Repeat("Islamic State fighters say they captured two Russian soldiers near Deir Ezzor during an ambush on a convoy,", 4));
await Measure("share card: render a 1200×630 PNG, long Latin statement", () =>
    Task.FromResult($"{shareCard.Render(new ShareCardContent(ClaimState.Denied, longStatement, "Islamic State / Amaq News Agency", cardSince, "VerifyTrack newsroom")).Length:N0} bytes"), Math.Max(runs, 300));
var arabicStatement = string.Join(' ', Enumerable.Repeat("أسر مقاتلو الدولة الإسلامية جنديين روسيين في دير الزور، بحسب بيان نشرته وكالة أعماق", 3));
await Measure("share card: render a 1200×630 PNG, long Arabic statement", () =>
    Task.FromResult($"{shareCard.Render(new ShareCardContent(ClaimState.Unverified, arabicStatement, "وكالة أعماق", cardSince, "VerifyTrack newsroom")).Length:N0} bytes"), Math.Max(runs, 300));
await Measure("audit chain verification", async () =>
{
    var result = await services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
    return result.IsIntact ? $"{result.EventsChecked:N0} events intact" : $"BROKEN at {result.FirstBrokenEventId}";
}, Math.Min(runs, 3));
return 0;

// The labelled intake fixtures, one after another until the copy is 5,000 words long: real wire copy's shape.
static string FiveThousandWords()
{
    var fixtures = Directory.GetFiles(Path.Combine("tests", "VerifyTrack.Tests", "Intake", "Fixtures"), "*.txt").Order(StringComparer.Ordinal).ToList();
    var article = new System.Text.StringBuilder();
    for (var i = 0; WordCount(article.ToString()) < 5_000; i++)
    {
        foreach (var paragraph in File.ReadAllText(fixtures[i % fixtures.Count]).Split("\n\n"))
        {
            if (WordCount(article.ToString()) >= 5_000)
            {
                break;
            }

            article.Append(paragraph).Append("\n\n");
        }
    }

    return article.ToString();
}

static int WordCount(string text) => text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;

static string Similar(IReadOnlyList<SimilarClaim> found) =>
    found.Count == 0 ? "none" : FormattableString.Invariant($"{found.Count} found, best {found[0].Score:0.00} ({found[0].Likeness})");

static string Matches(QueuePage page) =>
    page.CountsByState is { } counts ? $"{counts.Values.Sum():N0} matches" : $"more than {ClaimStore.CountedMatchesLimit:N0} matches (not counted)";

async Task Measure(string name, Func<Task<string>> operation, int? times = null)
{
    if (!name.Contains(only, StringComparison.Ordinal))
    {
        return;
    }

    var outcome = await operation();
    var samples = new List<double>();
    for (var i = 0; i < (times ?? runs); i++)
    {
        var stopwatch = Stopwatch.StartNew();
        outcome = await operation();
        samples.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    // Enough runs for a tail: its p99 goes with the outcome.
    var tail = samples.Count >= 100 ? FormattableString.Invariant($"; p99 {samples[(int)(samples.Count * 0.99)]:0.0} ms of {samples.Count} runs") : "";
    Console.WriteLine(FormattableString.Invariant($"{name}\t{samples[samples.Count / 2]:0.0}\t{samples[0]:0.0}\t{outcome}{tail}"));
}
