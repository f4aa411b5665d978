using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Cli;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Audit;

/// <summary>Each test gets its own database, because the tests tamper with it.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly List<long> _eventIds = [];

    public async Task InitializeAsync()
    {
        var desk = await _app.CreateDeskAsync("world");
        var editor = await _app.CreateUserAsync("editor", desk);
        var api = _app.ApiClient(editor.Token);
        for (var i = 0; i < 3; i++)
        {
            var claim = await api.CreateClaimAsync(desk, $"Claim number {i}");
            await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "Still checking.", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        }

        await using var connection = await _app.Get<Database>().OpenAsync();
        _eventIds.AddRange(await connection.QueryAsync<long>("SELECT id FROM audit_events ORDER BY id"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedChain_IsIntact()
    {
        var result = await _app.Get<AuditChainVerifier>().VerifyAsync();

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(_eventIds.Count, result.EventsChecked);
        var (code, output, _) = await RunVerbAsync("audit", "verify");
        Assert.Equal(0, code);
        Assert.Contains($"{_eventIds.Count} events verified", output);
    }

    [Fact]
    public async Task Database_RefusesUpdateAndDeleteOfAuditEvents()
    {
        await using var connection = await _app.Get<Database>().OpenAsync();

        var update = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE audit_events SET actor = 'someone else'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM audit_events WHERE id = @id", new { id = _eventIds[^1] }));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(_eventIds.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_events WHERE actor <> 'someone else'"));
    }

    [Fact]
    public async Task Verify_RowAlteredBehindTheAppsBack_NamesThatEvent()
    {
        var victim = _eventIds[4];
        await TamperAsync("UPDATE audit_events SET details = '{\"note\":\"nothing to see\"}' WHERE id = @victim", new { victim });

        var result = await _app.Get<AuditChainVerifier>().VerifyAsync();
        var (code, _, error) = await RunVerbAsync("audit", "verify");

        Assert.Equal(victim, result.FirstBrokenEventId);
        Assert.Equal(4, result.EventsChecked);
        Assert.Equal(1, code);
        Assert.Contains($"BROKEN at event {victim}", error);
    }

    [Fact]
    public async Task Verify_AlteredRowWithItsHashRecomputed_IsCaughtAtTheNextLink()
    {
        var victim = _eventIds[2];
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            var row = await connection.QuerySingleAsync<AuditEventRow>(
                "SELECT id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash FROM audit_events WHERE id = @victim", new { victim });
            var forgedDetails = "{\"note\":\"forged\"}";
            var forgedHash = AuditLog.ComputeHash(row.Id, row.ClaimId, row.Kind, row.ActorId, row.Actor, SqlTime.ToSql(row.At), forgedDetails, row.PrevHash);
            await TamperAsync("UPDATE audit_events SET details = @forgedDetails, hash = @forgedHash WHERE id = @victim", new { forgedDetails, forgedHash, victim });
        }

        var result = await _app.Get<AuditChainVerifier>().VerifyAsync();

        Assert.Equal(_eventIds[3], result.FirstBrokenEventId);
        Assert.Contains("prev_hash", result.Problem);
    }

    [Fact]
    public async Task Verify_DeletedRow_IsReportedAsMissing()
    {
        var victim = _eventIds[1];
        await TamperAsync("DELETE FROM audit_events WHERE id = @victim", new { victim });

        var result = await _app.Get<AuditChainVerifier>().VerifyAsync();

        Assert.Equal(_eventIds[2], result.FirstBrokenEventId);
        Assert.Contains($"event {victim} is missing", result.Problem);
    }

    [Fact]
    public async Task Verify_ActorIdSwappedBehindTheAppsBack_IsCaught()
    {
        var victim = _eventIds[3];
        await TamperAsync("UPDATE audit_events SET actor_id = NULL WHERE id = @victim", new { victim });

        Assert.Equal(victim, (await _app.Get<AuditChainVerifier>().VerifyAsync()).FirstBrokenEventId);
    }

    [Fact]
    public async Task Verify_NewestEventsDeleted_IsCaughtAgainstARecordedHead()
    {
        var (_, output, _) = await RunVerbAsync("audit", "verify");
        var head = System.Text.RegularExpressions.Regex.Match(output, @"Head: (\d+:[0-9a-f]{64})").Groups[1].Value;
        Assert.Equal($"{_eventIds[^1]}:", head[..(head.IndexOf(':', StringComparison.Ordinal) + 1)]);

        await TamperAsync("DELETE FROM audit_events WHERE id >= @from", new { from = _eventIds[^2] });

        Assert.True((await _app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact, "without an anchor a cut-off end looks intact");
        var (code, _, error) = await RunVerbAsync("audit", "verify", "--expect-head", head);
        Assert.Equal(1, code);
        Assert.Contains($"event {_eventIds[^1]}, is gone", error);
    }

    [Fact]
    public async Task Verify_RecordedHeadRewritten_IsCaught()
    {
        var head = (await _app.Get<AuditChainVerifier>().VerifyAsync()).Head;
        var forgedHead = head[..^1] + (head[^1] == '0' ? '1' : '0');

        var (code, _, error) = await RunVerbAsync("audit", "verify", "--expect-head", forgedHead);

        Assert.Equal(1, code);
        Assert.Contains("rewritten", error);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("12:abc")]
    public async Task Verify_MalformedHead_IsAUsageError(string head)
    {
        var (code, _, error) = await RunVerbAsync("audit", "verify", "--expect-head", head);

        Assert.Equal(2, code);
        Assert.Contains("not an anchor", error);
    }

    [Fact]
    public async Task History_CarriesWhatIsNeededToRecomputeEachHash()
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        var claimId = await connection.ExecuteScalarAsync<long>("SELECT MIN(claim_id) FROM audit_events WHERE claim_id IS NOT NULL");
        var editor = await _app.CreateUserAsync("editor");

        var history = await _app.ApiClient(editor.Token).GetAsync($"/api/v1/claims/{claimId}/history").ExpectAsync(HttpStatusCode.OK);

        foreach (var e in history["events"]!.AsArray().Select(n => n!.AsObject()))
        {
            var recomputed = AuditLog.ComputeHash(
                e["id"]!.GetValue<long>(), e["claimId"]!.GetValue<long>(), e.Str("kind"), e["actorId"]?.GetValue<long>(), e.Str("actor"),
                e.Str("at"), await connection.ExecuteScalarAsync<string>("SELECT details FROM audit_events WHERE id = @id", new { id = e["id"]!.GetValue<long>() }) ?? "",
                e.Str("prevHash"));
            Assert.Equal(e.Str("hash"), recomputed);
        }
    }

    private async Task TamperAsync(string sql, object parameters)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        await connection.ExecuteAsync("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;");
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task<(int Code, string Output, string Error)> RunVerbAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new CommandLine(_app.Services, new StringReader(""), output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }
}
