using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace VerifyTrack.Web.Infrastructure.Cli;

/// <summary>The versions a bug report needs: the app's, and those of the runtime and libraries actually loaded.</summary>
public static class About
{
    public static IReadOnlyList<(string Name, string Version)> Versions() =>
    [
        ("VerifyTrack", InformationalVersion(typeof(About).Assembly)),
        (".NET", RuntimeInformation.FrameworkDescription.Replace(".NET ", "", StringComparison.Ordinal)),
        ("SQLite", LoadedSqliteVersion()),
        ("Microsoft.Data.Sqlite", InformationalVersion(typeof(SqliteConnection).Assembly)),
        ("Hangfire", LibraryVersion("Hangfire.Core")),
        ("MailKit", LibraryVersion("MailKit")),
    ];

    /// <summary>Asked of the native library itself, through an in-memory database: nothing on disk is touched.</summary>
    private static string LoadedSqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    private static string LibraryVersion(string assemblyName)
    {
        try
        {
            return InformationalVersion(Assembly.Load(new AssemblyName(assemblyName)));
        }
        catch (FileNotFoundException)
        {
            return "not installed";
        }
    }

    /// <summary>
    /// The package version as its authors stamp it, without the source-control suffix some builds append
    /// ("1.0.0+abc123") or a zero fourth part ("4.18.2.0").
    /// </summary>
    private static string InformationalVersion(Assembly assembly)
    {
        var version = (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown").Split('+')[0];
        return version.Count(c => c == '.') == 3 && version.EndsWith(".0", StringComparison.Ordinal) ? version[..^2] : version;
    }
}
