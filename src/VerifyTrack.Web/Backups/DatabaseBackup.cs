using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Backups;

/// <summary>What one backup wrote: its folder, the sizes of its files, and the audit chain as the copy holds it.</summary>
public sealed record BackupResult(string Folder, long DatabaseBytes, long? JobsStoreBytes, ChainVerification Chain);

/// <summary>
/// Online backups: copies the live database and the job store, page by page, through SQLite's backup API
/// while the app keeps reading and writing (in WAL mode the copy reads one snapshot and blocks no writer).
/// A backup is a folder holding <see cref="DatabaseFileName"/> and <see cref="JobsStoreFileName"/>: it is
/// written under a temporary name beside its target and renamed into place in one step, so a folder with
/// the backup's name is always complete, and both files in it come from the same backup.
/// </summary>
public sealed class DatabaseBackup(Database database, IOptions<JobsOptions> jobsOptions, IHostEnvironment environment)
{
    public const string DatabaseFileName = "verifytrack.db";
    public const string JobsStoreFileName = "jobs.db";

    /// <summary>How long the job store copy waits for a lock held by one of Hangfire's own connections.</summary>
    private const int StoreBusyTimeoutMilliseconds = 10_000;

    /// <param name="folder">The backup's folder, which must not exist yet: a backup never replaces anything.</param>
    public async Task<BackupResult> WriteAsync(string folder, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        if (File.Exists(folder) || Directory.Exists(folder))
        {
            throw new IOException($"{folder} already exists; a backup never replaces anything. Choose a new path, or move the old one away first.");
        }

        if (!File.Exists(database.FilePath))
        {
            throw new FileNotFoundException($"There is no database at {database.FilePath} to back up (Database:Path).");
        }

        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var partial = Path.Combine(parent, $".{Path.GetFileName(folder)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            var databaseCopy = Path.Combine(partial, DatabaseFileName);
            await using (var source = await database.OpenAsync(cancellationToken))
            {
                CopyAndCheck(source, databaseCopy);
            }

            var store = jobsOptions.Value.StoreFilePath(database.FilePath);
            var hasStore = File.Exists(store);
            if (hasStore)
            {
                using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
                source.Open();
                source.Execute($"PRAGMA busy_timeout = {StoreBusyTimeoutMilliseconds}");
                CopyAndCheck(source, Path.Combine(partial, JobsStoreFileName));
            }

            var chain = await VerifyChainAsync(databaseCopy, cancellationToken);
            Directory.Move(partial, folder);
            return new BackupResult(
                folder,
                new FileInfo(Path.Combine(folder, DatabaseFileName)).Length,
                hasStore ? new FileInfo(Path.Combine(folder, JobsStoreFileName)).Length : null,
                chain);
        }
        catch
        {
            Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private static void CopyAndCheck(SqliteConnection source, string destinationPath)
    {
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destinationPath, Pooling = false }.ToString());
        destination.Open();
        // One step (the whole file) under one read snapshot of the source: nothing written meanwhile can tear it.
        source.BackupDatabase(destination);
        // The copy carries the source's WAL flag; in rollback-journal mode it stays one self-contained file
        // however it is later opened or copied, with no -wal beside it holding part of it.
        destination.Execute("PRAGMA journal_mode = DELETE");
        var check = destination.Query<string>("PRAGMA quick_check").ToList();
        if (check is not ["ok"])
        {
            throw new InvalidDataException($"The copy {destinationPath} failed SQLite's quick_check: {string.Join("; ", check.Take(5))}");
        }
    }

    /// <summary>Recomputes the audit chain in the copy itself, with the same verifier <c>audit verify</c> uses.</summary>
    private async Task<ChainVerification> VerifyChainAsync(string databaseCopy, CancellationToken cancellationToken)
    {
        using var copy = new Database(Options.Create(new DatabaseOptions { Path = databaseCopy }), environment);
        var chain = await new AuditChainVerifier(copy).VerifyAsync(null, cancellationToken);
        await using (var connection = await copy.OpenAsync(cancellationToken))
        {
            // The copy's pooled handles must close before its folder is renamed into place.
            SqliteConnection.ClearPool(connection);
        }

        return chain;
    }
}
