namespace VerifyTrack.Web.Infrastructure.Mail;

public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>"pickup" writes each message as an .eml file into <see cref="PickupDirectory"/>; "smtp" sends it.</summary>
    public string Delivery { get; set; } = "pickup";

    /// <summary>Folder for picked-up mail; relative paths sit beside the database file.</summary>
    public string PickupDirectory { get; set; } = "mail";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary>How the SMTP connection is secured; when not set, <see cref="StartTls"/> decides (true: StartTls, false: None).</summary>
    public MailSecurity? Security { get; set; }

    /// <summary>Upgrade the connection with STARTTLS before sending; the older switch, used only when <see cref="Security"/> is not set.</summary>
    public bool StartTls { get; set; }

    /// <summary>What <see cref="Security"/> and <see cref="StartTls"/> amount to.</summary>
    public MailSecurity EffectiveSecurity => Security ?? (StartTls ? MailSecurity.StartTls : MailSecurity.None);

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "VerifyTrack <verifytrack@localhost>";

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Where links in mail point: the editors' app as its users reach it.</summary>
    public string AppBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>The right-hand side of the Message-IDs the app mints: the app's own host.</summary>
    public string MessageIdDomain => new Uri(AppBaseUrl).Host;
}

public enum MailSecurity
{
    /// <summary>Plain text throughout (a relay on the same host or network).</summary>
    None,

    /// <summary>Connect in plain text, then require the STARTTLS upgrade (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS from the first byte on port 465, else STARTTLS when the server offers it.</summary>
    Auto,
}

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>When the sender looks for mail to deliver (cron with seconds first, in UTC).</summary>
    public string Cron { get; set; } = "*/30 * * * * *";

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a sender owns the messages it took; after that, another sender may retry them.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 10;

    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);
}
