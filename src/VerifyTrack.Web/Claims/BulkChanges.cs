using Dapper;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Claims;

/// <summary>What became of one claim of a bulk change.</summary>
public enum BulkOutcome
{
    /// <summary>Changed, with its own audit event.</summary>
    Changed,

    /// <summary>Already as asked (assigned to that person, on that desk, at that priority): nothing to write.</summary>
    Unchanged,

    /// <summary>Someone else changed it after the version the change was based on; nothing was written.</summary>
    Conflict,

    Forbidden,
    NotFound,

    /// <summary>Refused by the claim's own rules as it stands now (an assignee deactivated meanwhile, say).</summary>
    Invalid,
}

/// <param name="Statement">the claim's statement, to name it on the result page; null for an unknown claim</param>
/// <param name="Version">the claim's version after the change (changed, unchanged), or as it is now (conflict)</param>
/// <param name="Reason">why it was not changed, in a sentence</param>
public sealed record BulkClaimResult(long Id, BulkOutcome Outcome, string? Statement, long? Version, string? Reason);

/// <summary>
/// One change to many claims: the request's shape is checked once (a mistake there changes nothing), then each
/// claim goes through its own <see cref="ClaimCommands"/> command, in its own transaction with its own version
/// check, permission check and audit event, so one claim's refusal never touches another and no claim is half done.
/// </summary>
public sealed class BulkChanges(Database database, ClaimCommands commands)
{
    /// <summary>The errors of the request's shape (then nothing was read or written), or one result per claim in the order sent.</summary>
    public async Task<(FieldErrors Errors, IReadOnlyList<BulkClaimResult> Results)> ApplyAsync(
        BulkInput input, Actor actor, string actorEmail, bool versionsRequired, CancellationToken cancellationToken = default)
    {
        var (errors, request) = BulkRules.Check(input, actorEmail, versionsRequired);
        if (request is null)
        {
            return (errors, []);
        }

        Dictionary<long, (long Version, string Statement)> current;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (request.Desk is { } desk && await DeskStore.FindBySlugAsync(connection, desk) is null)
            {
                return (FieldErrors.Of("desk", $"There is no desk '{desk}'."), []);
            }

            if (request.Assignee is { } email && await ClaimCommands.ActiveUserIdAsync(connection, email) is null)
            {
                return (ClaimCommands.NoActiveUser(email), []);
            }

            var ids = request.Claims.Select(c => c.Id).ToList();
            current = (await connection.QueryAsync<(long Id, long Version, string Statement)>(
                    "SELECT id, version, statement FROM claims WHERE id IN @ids", new { ids }))
                .ToDictionary(c => c.Id, c => (c.Version, c.Statement));
        }

        var results = new List<BulkClaimResult>(request.Claims.Count);
        foreach (var target in request.Claims)
        {
            if (!current.TryGetValue(target.Id, out var seen))
            {
                results.Add(new BulkClaimResult(target.Id, BulkOutcome.NotFound, null, null, $"There is no claim {target.Id}."));
                continue;
            }

            var version = target.Version ?? seen.Version;
            var result = await ApplyOneAsync(request, target.Id, version, actor, cancellationToken);
            results.Add(ToResult(target.Id, version, seen.Statement, result));
        }

        return (errors, results);
    }

    private Task<WriteResult> ApplyOneAsync(BulkRequest request, long id, long version, Actor actor, CancellationToken cancellationToken) =>
        request.Action switch
        {
            BulkAction.Assign => commands.AssignAsync(id, new AssignmentInput(request.Assignee, version), actor, cancellationToken),
            BulkAction.Move => commands.EditAsync(id, new EditClaimInput(null, null, null, request.Desk, null, version), actor, cancellationToken),
            BulkAction.Priority => commands.EditAsync(id, new EditClaimInput(null, null, null, null, request.Priority, version), actor, cancellationToken),
            BulkAction.Review => commands.ReviewAsync(id, new ReviewInput(request.Note, version), actor, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

    private static BulkClaimResult ToResult(long id, long version, string statement, WriteResult result)
    {
        var now = result.Claim?.Claim;
        return result.Status switch
        {
            WriteStatus.Ok when now!.Version == version => new(id, BulkOutcome.Unchanged, now.Statement, now.Version, "It was already so."),
            WriteStatus.Ok => new(id, BulkOutcome.Changed, now!.Statement, now.Version, null),
            WriteStatus.Conflict => new(id, BulkOutcome.Conflict, now!.Statement, now.Version,
                $"Someone else changed it meanwhile (you saw version {version}, it is now at version {now.Version}); nothing was written."),
            WriteStatus.Forbidden => new(id, BulkOutcome.Forbidden, statement, null, result.Reason),
            WriteStatus.NotFound => new(id, BulkOutcome.NotFound, null, null, $"There is no claim {id}."),
            _ => new(id, BulkOutcome.Invalid, statement, null, string.Join(" ", result.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [])),
        };
    }
}
