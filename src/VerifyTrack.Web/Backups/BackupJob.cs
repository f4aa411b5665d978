using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Backups;

/// <summary>
/// The nightly backup: a new timestamped backup folder in <c>Backup:Directory</c>, then the oldest of its own
/// backups beyond <c>Backup:Keep</c> are deleted. Registered only when <c>Backup:Directory</c> is set.
/// </summary>
public sealed partial class BackupJob(DatabaseBackup backup, Database database, TimeProvider clock, IOptions<BackupOptions> options) : IScheduledWork
{
    public const string Prefix = "verifytrack-backup-";

    public string Name => "backup";

    public string Description => "Copies the database and the job store into Backup:Directory and keeps the newest Backup:Keep backups.";

    public string Cron => options.Value.Cron;

    public bool IsEnabled => options.Value.IsJobEnabled;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.Directory ?? "", Path.GetDirectoryName(database.FilePath)!);
        var name = Prefix + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var result = await backup.WriteAsync(Path.Combine(directory, name), cancellationToken);
        if (!result.Chain.IsIntact)
        {
            // Older backups may be the only copies from before the chain was broken: keep every one of them.
            throw new InvalidOperationException(
                $"Wrote {name}, but the audit chain in it is BROKEN at event {result.Chain.FirstBrokenEventId}: {result.Chain.Problem}. No older backup was deleted.");
        }

        var removed = RemoveOldest(directory, options.Value.Keep);
        var store = result.JobsStoreBytes is { } bytes ? $"job store {Size(bytes)}" : "no job store yet";
        return $"wrote {name} in {directory} (database {Size(result.DatabaseBytes)}, {store}); audit head {result.Chain.Head}; removed {removed} older backup(s)";
    }

    /// <summary>Names the job gave its own backups, and nothing else: other files in the folder are never touched.</summary>
    public static bool IsOwnBackup(string folderName) => OwnBackupName().IsMatch(folderName);

    private static int RemoveOldest(string directory, int keep)
    {
        // The timestamp in the name sorts in time order, whatever the file system says about creation times.
        var stale = Directory.EnumerateDirectories(directory)
            .Where(path => IsOwnBackup(Path.GetFileName(path)))
            .OrderByDescending(path => Path.GetFileName(path), StringComparer.Ordinal)
            .Skip(keep)
            .ToList();
        foreach (var path in stale)
        {
            Directory.Delete(path, recursive: true);
        }

        return stale.Count;
    }

    private static string Size(long bytes) =>
        bytes < 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");

    [GeneratedRegex(@"^verifytrack-backup-\d{8}T\d{6}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnBackupName();
}
