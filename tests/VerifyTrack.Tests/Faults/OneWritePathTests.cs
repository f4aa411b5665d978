using System.Net;
using System.Net.Http.Json;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Tests.Faults;

/// <summary>
/// Every write the app makes goes through the one writer, so the app's own writes queue for their turn rather than
/// meet SQLite's lock: while one write holds the lock for longer than the busy timeout, a burst of every kind of write
/// waits and then succeeds. A write made on a connection of its own would meet the held lock and be refused (503),
/// as if another process held it. In the storage-fault collection so that the burst does not slow other tests.
/// </summary>
[Collection(StorageFaultsCollection.Name)]
public sealed class OneWritePathTests
{
    private const int Rounds = 24;

    [Fact]
    public async Task ConcurrentWritesOfEveryKind_WhileAWriteHoldsTheLockPastTheBusyTimeout_AllWaitTheirTurnAndSucceed()
    {
        await using var app = new AppFactory();
        app.Settings["Database:BusyTimeoutMilliseconds"] = "0";
        var desk = await app.CreateDeskAsync("burst");
        var adminUser = await app.CreateUserAsync(Roles.Admin, desk);
        var editors = new List<TestUser>();
        // At most three sign-ins at once per user: more would be locked out by design (each counts before its check).
        for (var i = 0; i < 8; i++)
        {
            editors.Add(await app.CreateUserAsync(Roles.Editor, desk));
        }

        var guessed = await app.CreateUserAsync(Roles.Editor, desk);
        var deadMail = await DeadMessagesAsync(app, Rounds);
        var admin = await FormClient.SignedInAsync(app, adminUser);
        var antiforgery = await admin.AntiforgeryTokenAsync("/admin");
        var api = app.ApiClient(editors[0].Token);
        var users = app.Get<UserStore>();
        var desks = app.Get<DeskStore>();
        var tokens = app.Get<ApiTokens>();
        var actor = new Actor(adminUser.Id, adminUser.Email);

        Task<HttpResponseMessage> AdminPost(string action, params (string Name, string Value)[] fields) =>
            admin.Http.PostAsync(action, new FormUrlEncodedContent(
                fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", antiforgery))));

        var writes = new List<(string What, Func<Task<string?>> Write)>();
        void Add(string what, Func<Task<string?>> write) => writes.Add((what, write));
        for (var i = 0; i < Rounds; i++)
        {
            var round = i;
            var editor = editors[round % editors.Count];
            Add($"sign-in {round}", async () => await Expect(await new FormClient(app).SignInAsync(editor.Email, editor.Password), HttpStatusCode.Redirect));
            Add($"wrong password {round}", async () => await Expect(await new FormClient(app).SignInAsync(guessed.Email, "not-the-password"), HttpStatusCode.BadRequest));
            Add($"claim create {round}", async () =>
                await Expect(await api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(desk, $"Burst claim {round}")), HttpStatusCode.Created));
            Add($"admin creates user {round}", async () => await Expect(await AdminPost("/admin/users",
                ("NewUser.Email", $"burst{round}@newsroom.test"), ("NewUser.Name", $"Burst {round}"), ("NewUser.Role", Roles.Editor),
                ("NewUser.Password", "a-long-password"), ("NewUser.Desks", desk)), HttpStatusCode.Redirect));
            Add($"admin updates user {round}", async () => await Expect(await AdminPost($"/admin/users/{editor.Id}",
                ("Form.Role", Roles.Editor), ("Form.Desks", desk), ("Form.IsActive", "true")), HttpStatusCode.Redirect));
            Add($"admin retries mail {round}", async () =>
                await Expect(await AdminPost($"/admin/outbox/{deadMail[round]}/retry"), HttpStatusCode.Redirect));
            Add($"desk update {round}", async () =>
                Errors(await desks.UpdateAsync(desk, $"Burst desk {round}", "Europe/London", actor)));
            Add($"token create and revoke {round}", async () =>
            {
                var (_, row) = await tokens.CreateAsync(editor.Id, $"burst {round}", actor);
                return await tokens.RevokeAsync(editor.Id, row.Id, actor) ? null : "the new token was not revoked";
            });
            Add($"mail preferences {round}", async () =>
            {
                await users.SetMailPreferencesAsync(editor.Id, round % 2 == 0, true);
                return null;
            });
        }

        // A write slower than the busy timeout (zero, so Microsoft.Data.Sqlite's own one-second retry is the bound).
        var database = app.Get<Database>();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowWrite = database.WriteAsync(async write =>
        {
            holding.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(3));
            write.Commit();
            return true;
        });
        await holding.Task;

        var burst = Task.WhenAll(writes.Select(w => Task.Run(async () =>
        {
            try
            {
                return await w.Write() is { } failure ? $"{w.What}: {failure}" : null;
            }
            catch (Exception exception)
            {
                return $"{w.What}: {exception.GetType().Name}: {exception.Message}";
            }
        })));
        await slowWrite;
        var outcomes = await burst;

        var failures = outcomes.OfType<string>().ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {writes.Count} writes failed:\n{string.Join('\n', failures.Take(20))}");
        await using var connection = await database.OpenAsync();
        Assert.Equal(Rounds, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims"));
        Assert.Equal(Rounds, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email LIKE 'burst%'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE state = 'dead'"));
        Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
    }

    private static async Task<IReadOnlyList<long>> DeadMessagesAsync(AppFactory app, int count) =>
        await app.Get<Database>().WriteAsync<IReadOnlyList<long>>(async write =>
        {
            var now = app.Clock.GetUtcNow();
            for (var i = 0; i < count; i++)
            {
                await Outbox.EnqueueAsync(write.Transaction, new NewMail($"dead:{i}", "reminder", $"gone{i}@newsroom.test", "Subject", "Text", "<p>Html</p>"), now, "verify.test");
            }

            var ids = await write.Connection.QueryAsync<long>("UPDATE outbox SET state = 'dead', attempts = 8 RETURNING id", transaction: write.Transaction);
            write.Commit();
            return ids.Order().ToList();
        });

    private static async Task<string?> Expect(HttpResponseMessage response, HttpStatusCode status) =>
        response.StatusCode == status ? null : $"{(int)response.StatusCode} instead of {(int)status}: {Snippet(await response.Content.ReadAsStringAsync())}";

    private static string? Errors(VerifyTrack.Web.Shared.FieldErrors errors) =>
        errors.IsEmpty ? null : string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value));

    /// <summary>A page's heading and first listed error, or the start of a problem's JSON.</summary>
    private static string Snippet(string body) =>
        body.StartsWith('<')
            ? string.Join(" / ", System.Text.RegularExpressions.Regex.Matches(body, "<h1>([^<]*)</h1>|<li>([^<]*)</li>").Take(2).Select(m => m.Value))
            : body.Length > 300 ? body[..300] : body;
}
