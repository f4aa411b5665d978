namespace VerifyTrack.Web.Webhooks;

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>Tried again after the back-off, until the attempts run out.</summary>
    Retry,

    /// <summary>Never tried again (an admin may redeliver it).</summary>
    Dead,

    /// <summary>The receiver says the endpoint is gone for good (410): the delivery is dead and the endpoint disabled.</summary>
    DeadAndDisable,
}

public static class DeliveryOutcomes
{
    /// <summary>
    /// What a receiver's answer means. 2xx delivered; 410 gone; 408 and 429 are the receiver asking for time, so they
    /// are retried like 5xx; other 4xx are the request's fault and would fail the same way again, as would a redirect
    /// (never followed: it could lead anywhere, a private address included).
    /// </summary>
    public static DeliveryOutcome Of(int status) => status switch
    {
        >= 200 and <= 299 => DeliveryOutcome.Delivered,
        410 => DeliveryOutcome.DeadAndDisable,
        408 or 429 => DeliveryOutcome.Retry,
        >= 500 and <= 599 => DeliveryOutcome.Retry,
        _ => DeliveryOutcome.Dead,
    };

    /// <summary>A retried failure is dead once it has used its attempts.</summary>
    public static DeliveryOutcome AfterAttempt(DeliveryOutcome outcome, int attempts, int maxAttempts) =>
        outcome == DeliveryOutcome.Retry && attempts >= maxAttempts ? DeliveryOutcome.Dead : outcome;
}
