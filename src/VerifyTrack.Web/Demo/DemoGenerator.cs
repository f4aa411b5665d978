using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Demo;

/// <summary>
/// Fills an empty database with newsroom-scale data for benchmarks: N claims across 10 desks and 200 users,
/// 1–3 appearances, 0–3 evidence items and 3–10 audit events each, with states, staleness and publication
/// spread like a working desk's. It writes in bulk (prepared statements, large transactions, the search
/// index rebuilt once at the end) but keeps every invariant the app relies on, the audit hash chain included.
/// </summary>
public sealed class DemoGenerator(Database database, ReviewWindows windows, TimeProvider clock, IHostEnvironment environment)
{
    private static readonly string[] DeskNames = ["World", "Security", "Middle East", "Europe", "Russia", "Asia", "Africa", "Americas", "Business", "Politics"];
    private static readonly string[] DeskZones = ["Europe/London", "Europe/Moscow", "Asia/Beirut", "Europe/Berlin", "Europe/Moscow", "Asia/Singapore", "Africa/Nairobi", "America/New_York", "Europe/London", "Europe/Paris"];
    private static readonly string[] Claimants = ["Islamic State / Amaq News Agency", "Russian Defence Ministry", "Turkish government", "ISIS Khorasan", "Syrian state media", "Hmeymim airbase spokesperson", "Kurdish-led SDF", "Afghan intelligence officials", "Unnamed U.S. official", "Tass", "Circa", "SITE Intelligence Group"];
    private static readonly string[] Events = ["captured two soldiers", "shot down a warplane", "beheaded an alleged spy", "executed alleged informants", "killed 300 fighters", "seized an oil field", "downed a helicopter", "took a town", "recruited hundreds of fighters", "bombed a convoy"];
    private static readonly string[] Places = ["Deir Ezzor", "Raqqa", "Palmyra", "Nangrahar", "Aleppo", "Idlib", "Mosul", "Hama", "Homs", "Kabul", "the Caucasus", "Sharm al-Sheikh"];
    private static readonly string[] Outlets = ["Reuters", "AP", "AFP", "The Foreign Desk", "Circa", "Tass", "Interfax", "Al Jazeera", "BBC Monitoring", "Anadolu"];

    public sealed record Result(int Claims, long Appearances, long Evidence, long AuditEvents, TimeSpan Took);

    public async Task<Result> GenerateAsync(int claims, int seed = 2017, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(DemoSeeder.RefusedInProduction);
        }

        var stopwatch = Stopwatch.StartNew();
        var random = new Random(seed);
        var now = clock.GetUtcNow();
        var spanDays = Math.Max(30, claims / 400);

        // Its own connection rather than the app's writer: a CLI verb in a process of its own, on an empty file, with
        // settings (no sync, no foreign keys, dropped triggers) no write of a serving app may share.
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM claims) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM desks)") > 0)
        {
            throw new InvalidOperationException("demo generate fills an empty database only: point Database:Path at a new file.");
        }

        // A bulk load on an empty file: durability per statement buys nothing here.
        // The rows of one claim are written claim-last; every reference is checked once at the end instead.
        await connection.ExecuteAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;");
        const string IndexTriggers = "type = 'trigger' AND (name LIKE 'claims_fts_%' OR name LIKE 'appearances_fts_%' OR name LIKE 'claims_similarity_%')";
        var ftsTriggers = (await connection.QueryAsync<string>($"SELECT sql FROM sqlite_master WHERE {IndexTriggers}")).AsList();
        foreach (var name in await connection.QueryAsync<string>($"SELECT name FROM sqlite_master WHERE {IndexTriggers}"))
        {
            await connection.ExecuteAsync($"DROP TRIGGER {name}");
        }

        var (deskIds, users) = await PeopleAsync(connection, now, random);
        var chain = new Chain();

        using var writer = new BulkWriter(connection);
        long appearances = 0, evidence = 0;
        var transaction = connection.BeginTransaction();
        writer.Enlist(transaction);
        for (var id = 1; id <= claims; id++)
        {
            var created = now - TimeSpan.FromMinutes(random.NextDouble() * spanDays * 24 * 60);
            var (a, e) = WriteClaim(writer, chain, id, created, now, deskIds, users, random);
            appearances += a;
            evidence += e;
            if (id % 20_000 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                writer.Enlist(transaction);
                progress?.Invoke($"{id:N0} claims written ({stopwatch.Elapsed.TotalSeconds:0} s)");
            }
        }

        transaction.Commit();
        transaction.Dispose();

        progress?.Invoke("rebuilding the search index");
        await connection.ExecuteAsync(
            """
            INSERT INTO claims_fts (rowid, statement, claimant, appearances)
            SELECT c.id, c.statement, c.claimant,
                   COALESCE((SELECT group_concat(a.headline || ' ' || COALESCE(a.excerpt, ''), ' ') FROM appearances a WHERE a.claim_id = c.id), '')
              FROM claims c
            """);
        progress?.Invoke("filling the similar-claims index");
        await connection.ExecuteAsync("INSERT INTO claims_similarity (rowid, terms) SELECT id, match_terms(statement, claimant) FROM claims");
        foreach (var sql in ftsTriggers)
        {
            await connection.ExecuteAsync(sql);
        }

        await connection.ExecuteAsync(
            "INSERT INTO app_settings (key, value) VALUES ('review_windows', @fingerprint) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { fingerprint = windows.Fingerprint() });
        var broken = (await connection.QueryAsync("PRAGMA foreign_key_check")).AsList();
        if (broken.Count > 0)
        {
            throw new InvalidOperationException($"Generated data breaks {broken.Count} foreign keys; this is a bug in the generator.");
        }

        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        return new Result(claims, appearances, evidence, chain.Count, stopwatch.Elapsed);
    }

    private async Task<(long[] DeskIds, (long Id, string Email, long Desk)[] Users)> PeopleAsync(SqliteConnection connection, DateTimeOffset now, Random random)
    {
        var deskIds = new long[DeskNames.Length];
        for (var i = 0; i < DeskNames.Length; i++)
        {
            deskIds[i] = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO desks (slug, name, time_zone, created_at) VALUES (@slug, @name, @zone, @now) RETURNING id",
                new { slug = Slugs.FromText(DeskNames[i]), name = DeskNames[i], zone = DeskZones[i], now });
        }

        // One hash for every generated account: the password is the demo's, and 200 slow hashes would only cost time.
        var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "verifytrack-demo");
        var users = new (long, string, long)[200];
        for (var i = 0; i < users.Length; i++)
        {
            var role = i < 3 ? Roles.Admin : i < 23 ? Roles.DeskLead : Roles.Editor;
            var desk = deskIds[i % deskIds.Length];
            var email = $"{role.Replace("_", "", StringComparison.Ordinal)}{i + 1}@generated.example";
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (email, display_name, role, password_hash, created_at) VALUES (@email, @name, @role, @hash, @now) RETURNING id",
                new { email, name = $"Generated {role} {i + 1}", role, hash, now });
            await connection.ExecuteAsync("INSERT INTO user_desks (user_id, desk_id) VALUES (@id, @desk)", new { id, desk });
            if (random.Next(4) == 0)
            {
                await connection.ExecuteAsync("INSERT OR IGNORE INTO user_desks (user_id, desk_id) VALUES (@id, @desk)", new { id, desk = deskIds[random.Next(deskIds.Length)] });
            }

            users[i] = (id, email, desk);
        }

        return (deskIds, users);
    }

    private (int Appearances, int Evidence) WriteClaim(
        BulkWriter writer, Chain chain, long id, DateTimeOffset created, DateTimeOffset now, long[] deskIds, (long Id, string Email, long Desk)[] users, Random random)
    {
        var deskIndex = random.Next(deskIds.Length);
        var author = users[23 + random.Next(users.Length - 23)];
        var claimant = Claimants[random.Next(Claimants.Length)];
        var statement = $"{claimant} says it {Events[random.Next(Events.Length)]} in {Places[random.Next(Places.Length)]}";
        var priority = Pick(random, (Priority.Urgent, 5), (Priority.High, 15), (Priority.Normal, 60), (Priority.Low, 20));
        var state = Pick(random, (ClaimState.Unverified, 55), (ClaimState.Denied, 30), (ClaimState.Confirmed, 15));
        var published = state != ClaimState.Unverified ? random.Next(100) < 70 : random.Next(100) < 15;
        var assignee = random.Next(2) == 0 ? users[23 + random.Next(users.Length - 23)] : ((long, string, long)?)null;
        var at = created;
        var version = 1L;
        var kinds = new List<(string Kind, object Details, DateTimeOffset At)>();

        var slug = $"{Slugs.FromText(statement)}-{id}";
        kinds.Add((AuditKinds.ClaimCreated, new { slug, statement, claimant, desk = Slugs.FromText(DeskNames[deskIndex]), priority = Wire.Name(priority), state = "unverified" }, at));

        var appearanceCount = 1 + random.Next(3);
        for (var i = 0; i < appearanceCount; i++)
        {
            var outlet = Outlets[random.Next(Outlets.Length)];
            writer.Appearance(id, $"https://example.org/{outlet.ToLowerInvariant().Replace(' ', '-')}/{id}-{i}", outlet,
                $"{outlet}: {statement}", created - TimeSpan.FromHours(random.Next(1, 48)), i == 0 ? "Could not immediately be verified." : null, author.Id, at);
            if (i > 0)
            {
                at += TimeSpan.FromMinutes(random.Next(5, 240));
                version++;
                kinds.Add((AuditKinds.AppearanceAdded, new { outlet, headline = $"{outlet}: {statement}" }, at));
            }
        }

        var evidenceCount = state == ClaimState.Confirmed ? 1 + random.Next(3) : random.Next(4);
        for (var i = 0; i < evidenceCount; i++)
        {
            var stance = state == ClaimState.Confirmed && i == 0 ? Stance.Supports : Pick(random, (Stance.Supports, 30), (Stance.Refutes, 40), (Stance.Context, 30));
            at += TimeSpan.FromMinutes(random.Next(5, 240));
            version++;
            writer.Evidence(id, $"Source {i + 1} checked by the desk", Wire.Name(stance), author.Id, at);
            kinds.Add((AuditKinds.EvidenceAdded, new { description = $"Source {i + 1} checked by the desk", stance = Wire.Name(stance) }, at));
        }

        if (assignee is { } person)
        {
            at += TimeSpan.FromMinutes(random.Next(1, 60));
            version++;
            kinds.Add((AuditKinds.Assigned, new { before = (string?)null, after = person.Item2 }, at));
        }

        var stateChangedAt = created;
        string? deniedBy = null;
        string? publicNote = null;
        if (state != ClaimState.Unverified)
        {
            at += TimeSpan.FromHours(random.Next(1, 72));
            version++;
            stateChangedAt = at;
            deniedBy = state == ClaimState.Denied ? "Russian Defence Ministry" : null;
            publicNote = state == ClaimState.Denied ? "The ministry says this did not happen." : "Confirmed independently by the desk.";
            writer.StateChange(id, "unverified", Wire.Name(state), "Checked with two sources.", publicNote, deniedBy, author.Id, at);
            kinds.Add((AuditKinds.StateChanged, new { from = "unverified", to = Wire.Name(state), note = "Checked with two sources.", publicNote, deniedBy }, at));
        }

        // How a working desk looks: most open claims were looked at within their window, some were forgotten.
        var lastReviewed = stateChangedAt;
        var window = windows.WindowFor(state, priority);
        if (window is { } length && random.Next(100) < 80)
        {
            lastReviewed = now - TimeSpan.FromTicks((long)(length.Ticks * random.NextDouble()));
            if (lastReviewed < at)
            {
                lastReviewed = at;
            }
            else
            {
                version++;
                kinds.Add((AuditKinds.Reviewed, new { note = "Still checking." }, lastReviewed));
            }
        }

        var publishedAt = (DateTimeOffset?)null;
        if (published)
        {
            publishedAt = stateChangedAt + TimeSpan.FromMinutes(5);
            version++;
            kinds.Add((AuditKinds.Published, new { state = Wire.Name(state) }, publishedAt.Value));
        }

        // Every claim carries at least three events: earlier "still checking" reviews fill the gap.
        while (kinds.Count < 3)
        {
            version++;
            kinds.Add((AuditKinds.Reviewed, new { note = "Still checking." }, created + TimeSpan.FromMinutes(random.Next(1, 60))));
        }

        var updated = kinds.Max(k => k.At);
        writer.Claim(id, slug, statement, claimant, deskIds[deskIndex], Wire.Name(priority), Wire.Name(state), assignee?.Item1, published, publishedAt,
            deniedBy, publicNote, stateChangedAt, author.Id, created, updated, lastReviewed, windows.DueAt(state, priority, lastReviewed), version,
            publishedAt is { } p && p > stateChangedAt ? p : stateChangedAt);

        foreach (var (kind, details, when) in kinds.OrderBy(k => k.At))
        {
            chain.Append(writer, id, kind, author.Id, author.Email, when, details);
        }

        return (appearanceCount, evidenceCount);
    }

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    /// <summary>The audit chain, extended in memory exactly as AuditLog does it row by row.</summary>
    private sealed class Chain
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
        private string _prev = AuditLog.GenesisHash;

        public long Count { get; private set; }

        public void Append(BulkWriter writer, long claimId, string kind, long actorId, string actor, DateTimeOffset at, object details)
        {
            var id = ++Count;
            var detailsJson = JsonSerializer.Serialize(details, Json);
            var storedAt = SqlTime.ToSql(at);
            var hash = AuditLog.ComputeHash(id, claimId, kind, actorId, actor, storedAt, detailsJson, _prev);
            writer.Event(id, claimId, kind, actorId, actor, storedAt, detailsJson, _prev, hash);
            _prev = hash;
        }
    }

    /// <summary>Prepared inserts, reused for every row.</summary>
    private sealed class BulkWriter : IDisposable
    {
        private readonly SqliteCommand _claim;
        private readonly SqliteCommand _appearance;
        private readonly SqliteCommand _evidence;
        private readonly SqliteCommand _stateChange;
        private readonly SqliteCommand _event;

        public BulkWriter(SqliteConnection connection)
        {
            _claim = Prepare(connection, """
                INSERT INTO claims (id, slug, statement, claimant, summary, desk_id, priority, state, assignee_id, is_published, published_at,
                                    denied_by, public_note, state_changed_at, created_by, created_at, updated_at, last_reviewed_at, review_due_at,
                                    next_reminder_at, version, public_updated_at)
                VALUES ($id, $slug, $statement, $claimant, '', $desk, $priority, $state, $assignee, $published, $publishedAt,
                        $deniedBy, $publicNote, $stateChangedAt, $createdBy, $createdAt, $updatedAt, $lastReviewed, $due, $due, $version, $publicUpdated)
                """);
            _appearance = Prepare(connection, """
                INSERT INTO appearances (claim_id, url, outlet, headline, published_at, excerpt, language, added_by, added_at)
                VALUES ($claim, $url, $outlet, $headline, $publishedAt, $excerpt, 'en', $by, $at)
                """);
            _evidence = Prepare(connection, """
                INSERT INTO evidence (claim_id, description, stance, added_by, added_at) VALUES ($claim, $description, $stance, $by, $at)
                """);
            _stateChange = Prepare(connection, """
                INSERT INTO state_changes (claim_id, from_state, to_state, note, public_note, denied_by, actor_id, at)
                VALUES ($claim, $from, $to, $note, $publicNote, $deniedBy, $by, $at)
                """);
            _event = Prepare(connection, """
                INSERT INTO audit_events (id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash)
                VALUES ($id, $claim, $kind, $actorId, $actor, $at, $details, $prev, $hash)
                """);
        }

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in new[] { _claim, _appearance, _evidence, _stateChange, _event })
            {
                command.Transaction = transaction;
            }
        }

        public void Claim(long id, string slug, string statement, string claimant, long desk, string priority, string state, long? assignee, bool published,
            DateTimeOffset? publishedAt, string? deniedBy, string? publicNote, DateTimeOffset stateChangedAt, long createdBy, DateTimeOffset createdAt,
            DateTimeOffset updatedAt, DateTimeOffset lastReviewed, DateTimeOffset? due, long version, DateTimeOffset publicUpdated) =>
            Run(_claim, id, slug, statement, claimant, desk, priority, state, assignee, published ? 1 : 0, Time(publishedAt), deniedBy, publicNote,
                SqlTime.ToSql(stateChangedAt), createdBy, SqlTime.ToSql(createdAt), SqlTime.ToSql(updatedAt), SqlTime.ToSql(lastReviewed), Time(due), version,
                SqlTime.ToSql(publicUpdated));

        public void Appearance(long claim, string url, string outlet, string headline, DateTimeOffset publishedAt, string? excerpt, long by, DateTimeOffset at) =>
            Run(_appearance, claim, url, outlet, headline, SqlTime.ToSql(publishedAt), excerpt, by, SqlTime.ToSql(at));

        public void Evidence(long claim, string description, string stance, long by, DateTimeOffset at) =>
            Run(_evidence, claim, description, stance, by, SqlTime.ToSql(at));

        public void StateChange(long claim, string from, string to, string note, string? publicNote, string? deniedBy, long by, DateTimeOffset at) =>
            Run(_stateChange, claim, from, to, note, publicNote, deniedBy, by, SqlTime.ToSql(at));

        public void Event(long id, long claim, string kind, long actorId, string actor, string at, string details, string prev, string hash) =>
            Run(_event, id, claim, kind, actorId, actor, at, details, prev, hash);

        public void Dispose()
        {
            foreach (var command in new[] { _claim, _appearance, _evidence, _stateChange, _event })
            {
                command.Dispose();
            }
        }

        private static string? Time(DateTimeOffset? at) => at is { } value ? SqlTime.ToSql(value) : null;

        private static SqliteCommand Prepare(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            var names = System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-zA-Z]+").Select(m => m.Value).Distinct();
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
