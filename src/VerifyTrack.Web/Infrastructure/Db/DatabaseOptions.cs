namespace VerifyTrack.Web.Infrastructure.Db;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file; a relative path is resolved against the content root.</summary>
    public string Path { get; set; } = "data/verifytrack.db";

    /// <summary>How long a connection waits for another writer before giving up.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>At most this many queued writes share one commit (see <see cref="GroupCommitWriter"/>).</summary>
    public int MaxWritesPerCommit { get; set; } = 32;
}
