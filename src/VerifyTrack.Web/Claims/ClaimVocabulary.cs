namespace VerifyTrack.Web.Claims;

public enum ClaimState
{
    Unverified,
    Denied,
    Confirmed,
}

public enum Priority
{
    Urgent,
    High,
    Normal,
    Low,
}

public enum Stance
{
    Supports,
    Refutes,
    Context,
}

/// <summary>The lower-case names used in the database, the JSON API and URLs.</summary>
public static class Wire
{
    public static string Name(ClaimState state) => state switch
    {
        ClaimState.Unverified => "unverified",
        ClaimState.Denied => "denied",
        ClaimState.Confirmed => "confirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Name(Priority priority) => priority switch
    {
        Priority.Urgent => "urgent",
        Priority.High => "high",
        Priority.Normal => "normal",
        Priority.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    public static string Name(Stance stance) => stance switch
    {
        Stance.Supports => "supports",
        Stance.Refutes => "refutes",
        Stance.Context => "context",
        _ => throw new ArgumentOutOfRangeException(nameof(stance)),
    };

    public static readonly IReadOnlyList<string> States = Enum.GetValues<ClaimState>().Select(Name).ToList();
    public static readonly IReadOnlyList<string> Priorities = Enum.GetValues<Priority>().Select(Name).ToList();
    public static readonly IReadOnlyList<string> Stances = Enum.GetValues<Stance>().Select(Name).ToList();

    public static Stance StoredStance(string value) =>
        TryParse(value, out Stance stance) ? stance : throw new InvalidDataException($"Unknown stance '{value}' in the database.");

    public static bool TryParse(string? value, out ClaimState state) => TryParse(value, Name, out state);

    public static bool TryParse(string? value, out Priority priority) => TryParse(value, Name, out priority);

    public static bool TryParse(string? value, out Stance stance) => TryParse(value, Name, out stance);

    private static bool TryParse<T>(string? value, Func<T, string> name, out T result) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), value, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }

        result = default;
        return false;
    }
}
