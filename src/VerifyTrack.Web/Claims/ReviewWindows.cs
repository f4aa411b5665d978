using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Claims;

/// <summary>How long a claim may go without review before it is stale. A missing window means "never stale".</summary>
public sealed class ReviewWindowOptions
{
    public const string Section = "ReviewWindows";

    public UnverifiedReviewWindows Unverified { get; set; } = new();

    public TimeSpan? Denied { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan? Confirmed { get; set; }
}

public sealed class UnverifiedReviewWindows
{
    public TimeSpan Urgent { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan High { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan Normal { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan Low { get; set; } = TimeSpan.FromHours(72);
}

public sealed class ReviewWindows(ReviewWindowOptions options)
{
    public ReviewWindows(IOptions<ReviewWindowOptions> options)
        : this(options.Value)
    {
    }

    public TimeSpan? WindowFor(ClaimState state, Priority priority) => state switch
    {
        ClaimState.Unverified => priority switch
        {
            Priority.Urgent => options.Unverified.Urgent,
            Priority.High => options.Unverified.High,
            Priority.Normal => options.Unverified.Normal,
            Priority.Low => options.Unverified.Low,
            _ => throw new ArgumentOutOfRangeException(nameof(priority)),
        },
        ClaimState.Denied => options.Denied,
        ClaimState.Confirmed => options.Confirmed,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public DateTimeOffset? DueAt(ClaimState state, Priority priority, DateTimeOffset lastReviewedAt) =>
        WindowFor(state, priority) is { } window ? lastReviewedAt + window : null;

    public static bool IsStale(DateTimeOffset? reviewDueAt, DateTimeOffset now) => reviewDueAt is { } due && now >= due;

    /// <summary>A stable description of every window, to notice at start-up that configuration changed.</summary>
    public string Fingerprint() => string.Join(';',
        from state in Enum.GetValues<ClaimState>()
        from priority in Enum.GetValues<Priority>()
        select $"{Wire.Name(state)}/{Wire.Name(priority)}={WindowFor(state, priority)?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"}");
}

public sealed class ReviewWindowOptionsValidator : IValidateOptions<ReviewWindowOptions>
{
    /// <summary>Longer than a year means "never" in practice; the cap keeps due times inside the calendar.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public ValidateOptionsResult Validate(string? name, ReviewWindowOptions options)
    {
        var failures = new List<string>();
        Check("Unverified:Urgent", options.Unverified.Urgent);
        Check("Unverified:High", options.Unverified.High);
        Check("Unverified:Normal", options.Unverified.Normal);
        Check("Unverified:Low", options.Unverified.Low);
        Check("Denied", options.Denied);
        Check("Confirmed", options.Confirmed);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string key, TimeSpan? window)
        {
            if (window is { } value && (value <= TimeSpan.Zero || value > MaxWindow))
            {
                failures.Add($"{ReviewWindowOptions.Section}:{key} must be a positive duration of at most {MaxWindow.TotalDays:0} days, such as \"04:00:00\" (got {value}); leave it empty for never.");
            }
        }
    }
}
