using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Dashboard;

/// <summary>Which desks a dashboard view is about, for the page and the API alike, and whose days it counts in.</summary>
public sealed class DashboardDesks(DeskStore desks, ClaimActors actors)
{
    /// <summary>The desks named (each unknown slug an error), or else the user's own desks, or else (someone on none) every desk.</summary>
    public async Task<IReadOnlyList<DeskRow>> ChooseAsync(IReadOnlyList<string> slugs, long userId, FieldErrors errors, CancellationToken cancellationToken = default)
    {
        var all = await desks.ListAsync(cancellationToken);
        if (slugs.Count > 0)
        {
            foreach (var unknown in slugs.Where(s => all.All(d => d.Slug != s)))
            {
                errors.Add("desk", $"There is no desk '{unknown}'.");
            }

            return all.Where(d => slugs.Contains(d.Slug)).ToList();
        }

        var actor = await actors.ForUserAsync(userId, cancellationToken);
        var own = all.Where(d => actor.DeskIds.Contains(d.Id)).ToList();
        return own.Count > 0 ? own : all;
    }

    /// <summary>One desk's days are its own; several desks' days are UTC days, which none of them can claim.</summary>
    public static TimeZoneInfo ZoneOf(IReadOnlyList<DeskRow> chosen) =>
        chosen.Count == 1 && TimeZoneInfo.TryFindSystemTimeZoneById(chosen[0].TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
