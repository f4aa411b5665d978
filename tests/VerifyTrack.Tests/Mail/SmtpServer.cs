using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VerifyTrack.Tests.Mail;

/// <summary>
/// Runs tests/VerifyTrack.Tests/Mail/smtp_server.py (aiosmtpd) on a loopback port. It can be stopped and
/// started again on the same port, to play an SMTP outage.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private Process? _process;

    public SmtpServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Directory.CreateDirectory(Folder);
    }

    public int Port { get; }

    /// <summary>Set before starting to make the server require AUTH with these credentials.</summary>
    public (string UserName, string Password)? RequiredLogin { get; set; }

    /// <summary>How many SMTP connections clients have opened so far.</summary>
    public int Connections => File.Exists(Path.Combine(Folder, "connections")) ? File.ReadAllLines(Path.Combine(Folder, "connections")).Length : 0;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "verifytrack-smtp", Guid.NewGuid().ToString("N"));

    public bool IsRunning => _process is { HasExited: false };

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Mail", "smtp_server.py");

    public async Task StartAsync()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            throw new InvalidOperationException("The mail tests need Debian's python3 with aiosmtpd: run 'bash tests/run.sh', which installs python3-aiosmtpd.");
        }

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--dir");
        start.ArgumentList.Add(Folder);
        if (RequiredLogin is var (userName, password))
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(userName);
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add(password);
        }

        _process = Process.Start(start)!;
        var ready = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The SMTP server did not start: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process = null;
    }

    /// <summary>Every message received so far, as the bytes that crossed the wire, in arrival order.</summary>
    public IReadOnlyList<string> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
