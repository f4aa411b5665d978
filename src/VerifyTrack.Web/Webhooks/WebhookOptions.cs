namespace VerifyTrack.Web.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Lets endpoints sit on loopback, private, link-local and other non-public addresses. Off, such an endpoint is
    /// refused at registration and at every delivery (after DNS, on the connection used). For tests and closed networks.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery may take, connecting included, before it counts as failed and is retried.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>When the sender looks for deliveries to make (cron with seconds first, in UTC).</summary>
    public string Cron { get; set; } = "*/15 * * * * *";

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a sender owns the deliveries it took; after that, another sender may retry them.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 10;

    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);
}
