using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace VerifyTrack.Web.Infrastructure.Db;

public sealed record Migration(string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

public sealed record MigrationStatus(int Applied, IReadOnlyList<string> Pending);

public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies the numbered scripts from <c>migrations/</c> in order, each in its own transaction, and
/// journals them with a checksum. Refuses to run when an applied script was edited or removed.
/// </summary>
public sealed partial class MigrationRunner(Database database, TimeProvider clock, ILogger<MigrationRunner> logger)
{
    private const string JournalDdl = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name       TEXT PRIMARY KEY,
            checksum   TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    /// <summary>SQLITE_NOTADB: the file's header is not SQLite's.</summary>
    private const int NotADatabase = 26;

    public IReadOnlyList<Migration> Migrations { get; init; } = LoadEmbedded();

    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await RefuseForeignFileAsync(cancellationToken);
        await database.EnsureCreatedAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(JournalDdl);

        var journal = await ReadJournalAsync(connection);
        CheckJournalAgainstScripts(journal);

        var applied = new List<string>();
        foreach (var migration in Migrations.Where(m => !journal.ContainsKey(m.Name)))
        {
            // BEGIN IMMEDIATE takes the write lock first; then look again, in case another process applied it meanwhile.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var alreadyApplied = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_migrations WHERE name = @Name", new { migration.Name }, transaction) > 0;
            if (alreadyApplied)
            {
                continue;
            }

            try
            {
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@Name, @Checksum, @AppliedAt)",
                    new { migration.Name, migration.Checksum, AppliedAt = clock.GetUtcNow() },
                    transaction);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MigrationException($"Migration {migration.Name} failed and was rolled back: {ex.Message}");
            }

            logger.LogInformation("Applied migration {Migration}", migration.Name);
            applied.Add(migration.Name);
        }

        return applied;
    }

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(JournalDdl);
        var journal = await ReadJournalAsync(connection);
        CheckJournalAgainstScripts(journal);
        var pending = Migrations.Where(m => !journal.ContainsKey(m.Name)).Select(m => m.Name).ToList();
        return new MigrationStatus(journal.Count, pending);
    }

    private static async Task<Dictionary<string, string>> ReadJournalAsync(System.Data.Common.DbConnection connection)
    {
        var rows = await connection.QueryAsync<(string Name, string Checksum)>(
            "SELECT name, checksum FROM schema_migrations ORDER BY name");
        return rows.ToDictionary(r => r.Name, r => r.Checksum, StringComparer.Ordinal);
    }

    /// <summary>
    /// A file at <c>Database:Path</c> that is not VerifyTrack's (another app's SQLite file, or no SQLite file at
    /// all) is refused before anything in it changes: not even the journal table or WAL mode is added.
    /// </summary>
    private async Task RefuseForeignFileAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(database.FilePath) || new FileInfo(database.FilePath).Length == 0)
        {
            return;
        }

        var readOnly = new SqliteConnectionStringBuilder { DataSource = database.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        try
        {
            await using var connection = new SqliteConnection(readOnly.ToString());
            await connection.OpenAsync(cancellationToken);
            var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).AsList();
            if (tables.Count > 0 && !tables.Contains("schema_migrations"))
            {
                throw new MigrationException(
                    $"{database.FilePath} is not a VerifyTrack database: it holds tables ({string.Join(", ", tables.Take(5))}) but no schema_migrations journal. Nothing was changed; point Database:Path at VerifyTrack's own file.");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == NotADatabase)
        {
            throw new MigrationException($"{database.FilePath} is not an SQLite database. Nothing was changed; point Database:Path at VerifyTrack's own file.");
        }
    }

    private void CheckJournalAgainstScripts(Dictionary<string, string> journal)
    {
        var scripts = Migrations.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var newestKnown = scripts.Keys.Max(StringComparer.Ordinal);
        foreach (var (name, checksum) in journal)
        {
            if (!scripts.TryGetValue(name, out var script) && string.CompareOrdinal(name, newestKnown) > 0)
            {
                throw new MigrationException(
                    $"This database was migrated by a newer VerifyTrack (it has {name}; this app knows migrations up to {newestKnown}). Run the newer version, or restore a backup taken before it.");
            }

            if (script is null)
            {
                throw new MigrationException(
                    $"Migration {name} was applied to this database but its script is missing from migrations/. Restore it; applied migrations are never removed.");
            }

            if (!string.Equals(script.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"Migration {name} was edited after it was applied (checksum {checksum[..12]} in the journal, {script.Checksum[..12]} now). Revert the edit and add a new numbered migration instead.");
            }
        }
    }

    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(n["migrations/".Length..], ReadResource(assembly, n)))
            .ToList();
        var misnamed = migrations.FirstOrDefault(m => !ScriptName().IsMatch(m.Name));
        return misnamed is null
            ? migrations
            : throw new MigrationException($"Migration {misnamed.Name} is misnamed: scripts are named NNNN_name.sql (four digits, lower-case name).");
    }

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex ScriptName();

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
