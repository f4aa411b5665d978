using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Webhooks;

namespace VerifyTrack.Web.Demo;

/// <summary>Loads the demo dataset into an empty database, through the same write path as the app.</summary>
public sealed class DemoSeeder(
    Database database,
    DeskStore desks,
    UserStore users,
    ReviewWindows windows,
    TimeProvider clock,
    IOptions<DemoOptions> options,
    IHostEnvironment environment,
    WebhookOutbox webhooks)
{
    /// <summary>The demo users' password is published in the README: such accounts must never guard real claims.</summary>
    public const string RefusedInProduction =
        "Demo data is refused in Production: its accounts share a published password. Set Demo:Seed to false (or run in another environment).";

    private static readonly Actor Seeder = new(null, "demo-seed");

    public string Password => options.Value.Password;

    public static IReadOnlyList<(string Email, string Role)> SignIns =>
        DemoData.Users.Select(u => (u.Email, u.Role)).ToList();

    public async Task<bool> IsDatabaseEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM desks) + (SELECT COUNT(*) FROM claims)") == 0;
    }

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(RefusedInProduction);
        }

        if (!await IsDatabaseEmptyAsync(cancellationToken))
        {
            throw new InvalidOperationException("The database already holds desks, users or claims; the demo dataset only loads into an empty database.");
        }

        foreach (var desk in DemoData.Desks)
        {
            EnsureNoErrors((await desks.AddAsync(desk.Slug, desk.Name, desk.TimeZone, Seeder, cancellationToken)).Errors);
        }

        var userIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in DemoData.Users)
        {
            var (row, errors) = await users.CreateAsync(new NewUser(user.Email, user.Name, user.Role, options.Value.Password, user.Desks), Seeder, cancellationToken);
            EnsureNoErrors(errors);
            userIds[user.Email] = row!.Id;
        }

        var now = clock.GetUtcNow();
        var demoClock = new SettableClock(now);
        // The demo story is its editor's day under the default rules, whatever Permissions the app runs with.
        var commands = new ClaimCommands(database, windows, demoClock, new PublishedClaimChanges(), Options.Create(new PermissionsOptions()), webhooks);
        var editorEmail = DemoData.Users.First(u => u.Role == Roles.Editor).Email;
        var editor = new Actor(userIds[editorEmail], editorEmail);

        foreach (var claim in DemoData.Claims)
        {
            demoClock.Now = now - claim.CreatedAgo;
            var first = claim.Appearances[0];
            var created = Expect(await commands.CreateAsync(
                new CreateClaimInput(claim.Statement, claim.Claimant, claim.Summary, claim.Desk, claim.Priority, ToInput(first, null)),
                editor, cancellationToken));

            foreach (var appearance in claim.Appearances.Skip(1))
            {
                created = Expect(await commands.AddAppearanceAsync(created.Claim.Id, ToInput(appearance, created.Claim.Version), editor, cancellationToken));
            }

            foreach (var evidence in claim.Evidence)
            {
                demoClock.Now += TimeSpan.FromMinutes(20);
                created = Expect(await commands.AddEvidenceAsync(created.Claim.Id,
                    new EvidenceInput(evidence.Url, evidence.Description, evidence.Stance, created.Claim.Version), editor, cancellationToken));
            }

            if (claim.Assignee is { } assignee)
            {
                created = Expect(await commands.AssignAsync(created.Claim.Id, new AssignmentInput(assignee, created.Claim.Version), editor, cancellationToken));
            }

            if (claim.Transition is { } transition)
            {
                demoClock.Now += TimeSpan.FromMinutes(40);
                created = Expect(await commands.TransitionAsync(created.Claim.Id,
                    new TransitionInput(transition.To, transition.Note, transition.PublicNote, transition.DeniedBy, transition.DenialUrl, created.Claim.Version),
                    editor, cancellationToken));
            }

            if (claim.Publish)
            {
                demoClock.Now += TimeSpan.FromMinutes(5);
                Expect(await commands.PublishAsync(created.Claim.Id, new VersionInput(created.Claim.Version), editor, cancellationToken));
            }
        }
    }

    private static AppearanceInput ToInput(DemoAppearance a, long? version) =>
        new(a.Url, a.Outlet, a.Headline, a.PublishedAt, a.Excerpt, a.Language, version);

    private static ClaimDetail Expect(WriteResult result) =>
        result.Status == WriteStatus.Ok
            ? result.Claim!
            : throw new InvalidOperationException($"Demo data was refused ({result.Status}): {string.Join("; ", result.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [])}");

    private static void EnsureNoErrors(FieldErrors errors)
    {
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException("Demo data was refused: " + string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        }
    }

    /// <summary>Lets the demo write claims "in the past", so the queue opens with stale and fresh claims alike.</summary>
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
