using Microsoft.Data.Sqlite;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>A folder of its own for a test's database files, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = AppFactory.NewTempFolder();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
