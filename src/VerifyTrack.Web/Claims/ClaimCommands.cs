using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Webhooks;

namespace VerifyTrack.Web.Claims;

public enum WriteStatus
{
    Ok,
    NotFound,

    /// <summary>The change was based on a version that is no longer current; nothing was written.</summary>
    Conflict,

    /// <summary>The input is malformed or out of range (HTTP 400).</summary>
    Invalid,

    /// <summary>The input is well-formed but a claim rule refuses it (HTTP 422).</summary>
    Refused,

    /// <summary>The actor's role or desks do not allow this change (HTTP 403); <see cref="WriteResult.Reason"/> says why.</summary>
    Forbidden,
}

public sealed record WriteResult(WriteStatus Status, ClaimDetail? Claim = null, FieldErrors? Errors = null, string? Reason = null)
{
    public static WriteResult Invalid(FieldErrors errors) => new(WriteStatus.Invalid, Errors: errors);

    public static WriteResult Forbidden(string reason) => new(WriteStatus.Forbidden, Reason: reason);
}

/// <summary>One thing an editor keeps from an article: a new claim, or the article as an appearance of an existing one.</summary>
public abstract record ArticleItem;

/// <summary>A new claim whose first appearance is the article; with <paramref name="Denial"/>, moved to denied as it is created.</summary>
public sealed record NewClaimFromArticle(CreateClaimInput Claim, TransitionInput? Denial) : ArticleItem;

/// <summary>The article as a further appearance of claim <paramref name="ClaimId"/>, whatever its version.</summary>
public sealed record AppearanceFromArticle(long ClaimId, AppearanceInput Appearance) : ArticleItem;

/// <summary>
/// Every change to a claim: each runs in one write transaction that checks the version it was based on,
/// checks who may make it (<see cref="ClaimPermissions"/>, against the claim's desk as it is in that transaction),
/// applies the domain rules, writes the change, its audit event and its webhook deliveries, and commits them together.
/// </summary>
public sealed class ClaimCommands(
    Database database, ReviewWindows windows, TimeProvider clock, PublishedClaimChanges publishedChanges, IOptions<PermissionsOptions> permissions,
    WebhookOutbox webhooks)
{
    /// <summary>A new review window, which also restarts the claim's reminders (migration 0007).</summary>
    private const string SetReviewDue = "review_due_at = @reviewDueAt, next_reminder_at = @reviewDueAt";

    public async Task<WriteResult> CreateAsync(CreateClaimInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var (errors, priority) = CheckCreate(input);
        if (!errors.IsEmpty)
        {
            return WriteResult.Invalid(errors);
        }

        return await database.WriteAsync(async write =>
        {
            var result = await InsertClaimAsync(write, input, priority!.Value, actor);
            if (result.Status == WriteStatus.Ok)
            {
                write.Commit();
            }

            return result;
        }, cancellationToken);
    }

    /// <summary>
    /// Creates the claims an editor kept from one article, and adds the article as an appearance of the existing
    /// claims they said it repeats, in one transaction: all of it is written, or (when any one item is refused)
    /// none. A new claim kept as denied is created and moved to denied with its own audit events.
    /// </summary>
    public async Task<IReadOnlyList<WriteResult>> CreateFromArticleAsync(IReadOnlyList<ArticleItem> items, Actor actor, CancellationToken cancellationToken = default)
    {
        var checks = items.Select(CheckArticleItem).ToList();
        if (checks.Any(c => !c.IsEmpty))
        {
            return checks.Select(c => c.IsEmpty ? new WriteResult(WriteStatus.Ok) : WriteResult.Invalid(c)).ToList();
        }

        var (results, publicChange) = await database.WriteAsync(async write =>
        {
            var results = new List<WriteResult>();
            var publicChange = false;
            foreach (var item in items)
            {
                var (result, seen) = item switch
                {
                    NewClaimFromArticle created => (await InsertFromArticleAsync(write, created, actor), false),
                    AppearanceFromArticle repeat => await ApplyAsync(write, repeat.ClaimId, null, actor, ClaimAction.AddAppearance, change => AddAppearanceAsync(change, repeat.Appearance), null),
                    _ => throw new ArgumentOutOfRangeException(nameof(items)),
                };
                results.Add(result);
                publicChange |= seen;
            }

            if (results.All(r => r.Status == WriteStatus.Ok))
            {
                write.Commit();
            }

            return (results, publicChange && results.All(r => r.Status == WriteStatus.Ok));
        }, cancellationToken);

        if (publicChange)
        {
            publishedChanges.Bump();
        }

        return results;
    }

    private static FieldErrors CheckArticleItem(ArticleItem item)
    {
        switch (item)
        {
            case NewClaimFromArticle created:
                var errors = CheckCreate(created.Claim).Errors;
                if (created.Denial is not null)
                {
                    errors.AddRange(CheckTransition(created.Denial).Errors);
                }

                return errors;
            case AppearanceFromArticle repeat:
                return repeat.Appearance.Validate();
            default:
                throw new ArgumentOutOfRangeException(nameof(item));
        }
    }

    private async Task<WriteResult> InsertFromArticleAsync(WriteTransaction write, NewClaimFromArticle item, Actor actor)
    {
        var created = await InsertClaimAsync(write, item.Claim, CheckCreate(item.Claim).Priority!.Value, actor);
        if (created.Status != WriteStatus.Ok || item.Denial is null)
        {
            return created;
        }

        var command = CheckTransition(item.Denial).Command!;
        var (denied, _) = await ApplyAsync(
            write, created.Claim!.Claim.Id, created.Claim.Claim.Version, actor, ClaimAction.Transition,
            change => ApplyTransitionAsync(change, command, null), null);
        return denied;
    }

    private static (FieldErrors Errors, Priority? Priority) CheckCreate(CreateClaimInput input)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "statement", input.Statement, TextRules.StatementMax);
        TextRules.Required(errors, "claimant", input.Claimant, TextRules.ClaimantMax);
        TextRules.Optional(errors, "summary", input.Summary, TextRules.SummaryMax);
        if (string.IsNullOrWhiteSpace(input.Desk))
        {
            errors.Add("desk", "desk is required (the desk's slug).");
        }
        else
        {
            TextRules.Optional(errors, "desk", input.Desk, TextRules.SlugMax);
        }

        var priority = ParsePriority(input.Priority, errors);
        if (input.FirstAppearance is null)
        {
            errors.Add("firstAppearance", "firstAppearance is required: where was the claim seen first?");
        }
        else
        {
            errors.AddRange(input.FirstAppearance.Validate("firstAppearance."));
        }

        return (errors, priority);
    }

    /// <summary>Inserts a claim with its first appearance and its creation event, inside <paramref name="write"/>.</summary>
    private async Task<WriteResult> InsertClaimAsync(WriteTransaction write, CreateClaimInput input, Priority priority, Actor actor)
    {
        var appearance = input.FirstAppearance!;
        var (connection, transaction) = (write.Connection, write.Transaction);
        var desk = await DeskStore.FindBySlugAsync(connection, input.Desk!.Trim(), transaction);
        if (desk is null)
        {
            return WriteResult.Invalid(FieldErrors.Of("desk", $"There is no desk '{input.Desk}'."));
        }

        if (await RefusalAsync(transaction, actor, ClaimAction.Create, desk.Id) is { } refusal)
        {
            return WriteResult.Forbidden(refusal);
        }

        var now = clock.GetUtcNow();
        var baseSlug = Slugs.FromText(input.Statement!);
        var taken = await connection.QueryAsync<string>(
            "SELECT slug FROM claims WHERE slug = @baseSlug OR slug LIKE @pattern",
            new { baseSlug, pattern = baseSlug + "-%" }, transaction);
        var slug = Slugs.MakeUnique(baseSlug, taken.ToHashSet(StringComparer.Ordinal));

        var claimId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO claims (slug, statement, claimant, summary, desk_id, priority, state, state_changed_at,
                                created_by, created_at, updated_at, last_reviewed_at, review_due_at, next_reminder_at, version, public_updated_at)
            VALUES (@slug, @statement, @claimant, @summary, @deskId, @priority, 'unverified', @now,
                    @createdBy, @now, @now, @now, @reviewDueAt, @reviewDueAt, 1, @now)
            RETURNING id
            """,
            new
            {
                slug,
                statement = input.Statement!.Trim(),
                claimant = input.Claimant!.Trim(),
                summary = input.Summary?.Trim() ?? "",
                deskId = desk.Id,
                priority = Wire.Name(priority),
                now,
                createdBy = actor.UserId,
                reviewDueAt = windows.DueAt(ClaimState.Unverified, priority, now),
            },
            transaction);

        var appearanceId = await InsertAppearanceAsync(transaction, claimId, appearance, actor, now);

        var created = new
        {
            slug,
            statement = input.Statement.Trim(),
            claimant = input.Claimant.Trim(),
            summary = input.Summary?.Trim() ?? "",
            desk = desk.Slug,
            priority = Wire.Name(priority),
            state = Wire.Name(ClaimState.Unverified),
            firstAppearance = AppearanceDetails(appearanceId, appearance),
        };
        await AuditLog.AppendAsync(transaction, claimId, AuditKinds.ClaimCreated, actor, now, created);

        var detail = await ClaimStore.GetDetailAsync(connection, transaction, claimId);
        await webhooks.QueueAsync(transaction, WebhookEvents.ClaimCreated, detail!, created, actor, now);
        return new WriteResult(WriteStatus.Ok, detail);
    }

    public async Task<WriteResult> EditAsync(long claimId, EditClaimInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (input.Statement is not null)
        {
            TextRules.Required(errors, "statement", input.Statement, TextRules.StatementMax);
        }

        if (input.Claimant is not null)
        {
            TextRules.Required(errors, "claimant", input.Claimant, TextRules.ClaimantMax);
        }

        TextRules.Optional(errors, "summary", input.Summary, TextRules.SummaryMax);
        TextRules.Optional(errors, "desk", input.Desk, TextRules.SlugMax);
        var priority = input.Priority is null ? null : ParsePriority(input.Priority, errors);
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return WriteResult.Invalid(errors);
        }

        DeskRow? newDesk = null;
        if (input.Desk is not null)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            newDesk = await DeskStore.FindBySlugAsync(connection, input.Desk.Trim());
            if (newDesk is null)
            {
                return WriteResult.Invalid(FieldErrors.Of("desk", $"There is no desk '{input.Desk.Trim()}'."));
            }
        }

        return await ChangeAsync(claimId, input.Version, actor, ClaimAction.Edit, async change =>
        {
            var claim = change.Claim;
            var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
            var assignments = new List<string>();
            var values = new DynamicParameters();

            void Set(string field, string column, object? before, object? after, object? stored)
            {
                if (Equals(before, after))
                {
                    return;
                }

                changes[field] = new { before, after };
                assignments.Add($"{column} = @{column}");
                values.Add(column, stored);
            }

            if (input.Statement is not null)
            {
                Set("statement", "statement", claim.Statement, input.Statement.Trim(), input.Statement.Trim());
            }

            if (input.Claimant is not null)
            {
                Set("claimant", "claimant", claim.Claimant, input.Claimant.Trim(), input.Claimant.Trim());
            }

            if (input.Summary is not null)
            {
                Set("summary", "summary", claim.Summary, input.Summary.Trim(), input.Summary.Trim());
            }

            if (newDesk is not null)
            {
                Set("desk", "desk_id", claim.DeskSlug, newDesk.Slug, newDesk.Id);
            }

            if (priority is { } newPriority && newPriority != claim.Priority)
            {
                Set("priority", "priority", Wire.Name(claim.Priority), Wire.Name(newPriority), Wire.Name(newPriority));
                assignments.Add(SetReviewDue);
                values.Add("reviewDueAt", windows.DueAt(claim.State, newPriority, claim.LastReviewedAt));
            }

            if (changes.Count == 0)
            {
                return null;
            }

            var seenByThePublic = changes.ContainsKey("statement") || changes.ContainsKey("claimant");
            await change.SaveAsync(string.Join(", ", assignments), values, seenByThePublic);
            await change.AuditAsync(AuditKinds.ClaimEdited, new { changes });
            return null;
        }, cancellationToken, moveToDeskId: newDesk?.Id);
    }

    public Task<WriteResult> TransitionAsync(long claimId, TransitionInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var (errors, command) = CheckTransition(input);
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, input.Version, actor, ClaimAction.Transition,
            change => ApplyTransitionAsync(change, command!, input.SupportingEvidenceIds), cancellationToken);
    }

    /// <summary>The transition as a command, or what is wrong with the request's shape (400), before any claim is read.</summary>
    private static (FieldErrors Errors, TransitionCommand? Command) CheckTransition(TransitionInput input)
    {
        if (!Wire.TryParse(input.To, out ClaimState to))
        {
            return (FieldErrors.Of("to", $"to must be one of: {string.Join(", ", Wire.States)}."), null);
        }

        var command = new TransitionCommand(to, TextRules.Clean(input.Note), TextRules.Clean(input.PublicNote),
            TextRules.Clean(input.DeniedBy), TextRules.Clean(input.DenialUrl));
        var shape = ClaimRules.CheckTransitionShape(command);
        return (shape, shape.IsEmpty ? command : null);
    }

    private async Task<FieldErrors?> ApplyTransitionAsync(ClaimChange change, TransitionCommand command, IReadOnlyList<long>? supportingEvidenceIds)
    {
        var to = command.To;
        var claim = change.Claim;
        var evidence = (await change.Connection.QueryAsync<(long Id, string Stance)>(
                "SELECT id, stance FROM evidence WHERE claim_id = @id", new { id = claim.Id }, change.Transaction))
            .ToDictionary(e => e.Id, e => Wire.StoredStance(e.Stance));
        var refusal = ClaimRules.CheckTransition(claim.State, command, evidence.Values.ToList());
        refusal.AddRange(ClaimRules.CheckSupportingEvidence(to, supportingEvidenceIds, evidence));
        if (!refusal.IsEmpty)
        {
            return refusal;
        }

        await change.SaveAsync(
            $"""
            state = @to, state_changed_at = @now, last_reviewed_at = @now, {SetReviewDue},
            denied_by = @deniedBy, denial_url = @denialUrl, public_note = @publicNote
            """,
            new DynamicParameters(new
            {
                to = Wire.Name(to),
                reviewDueAt = windows.DueAt(to, claim.Priority, change.Now),
                deniedBy = command.DeniedBy,
                denialUrl = command.DenialUrl,
                publicNote = command.PublicNote,
            }),
            seenByThePublic: true);

        await change.Connection.ExecuteAsync(
            """
            INSERT INTO state_changes (claim_id, from_state, to_state, note, public_note, denied_by, denial_url, actor_id, at)
            VALUES (@claimId, @from, @to, @note, @publicNote, @deniedBy, @denialUrl, @actorId, @now)
            """,
            new
            {
                claimId = claim.Id,
                from = Wire.Name(claim.State),
                to = Wire.Name(to),
                note = command.Note,
                publicNote = command.PublicNote,
                deniedBy = command.DeniedBy,
                denialUrl = command.DenialUrl,
                actorId = change.Actor.UserId,
                now = change.Now,
            },
            change.Transaction);

        var stateChanged = new
        {
            from = Wire.Name(claim.State),
            to = Wire.Name(to),
            note = command.Note,
            publicNote = command.PublicNote,
            deniedBy = command.DeniedBy,
            denialUrl = command.DenialUrl,
            supportingEvidenceIds = to == ClaimState.Confirmed ? supportingEvidenceIds : null,
        };
        await change.AuditAsync(AuditKinds.StateChanged, stateChanged);
        change.Notify(WebhookEvents.StateChanged, stateChanged);
        return null;
    }

    public Task<WriteResult> ReviewAsync(long claimId, ReviewInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "note", input.Note, TextRules.NoteMax);
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, input.Version, actor, ClaimAction.Review, async change =>
        {
            var reviewDueAt = windows.DueAt(change.Claim.State, change.Claim.Priority, change.Now);
            await change.SaveAsync(
                $"last_reviewed_at = @now, {SetReviewDue}",
                new DynamicParameters(new { reviewDueAt }));
            await change.AuditAsync(AuditKinds.Reviewed, new
            {
                note = input.Note!.Trim(),
                previousReviewDueAt = change.Claim.ReviewDueAt,
                reviewDueAt,
            });
            return null;
        }, cancellationToken);
    }

    /// <summary>Who a claim may be assigned to: an active user, by e-mail.</summary>
    internal static Task<long?> ActiveUserIdAsync(DbConnection connection, string email, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE email = @email AND is_active = 1", new { email }, transaction);

    internal static FieldErrors NoActiveUser(string email) => FieldErrors.Of("assignee", $"There is no active user with the e-mail '{email}'.");

    public Task<WriteResult> AssignAsync(long claimId, AssignmentInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        var email = TextRules.Clean(input.Assignee);
        return ChangeAsync(claimId, input.Version, actor, ClaimAction.Assign, async change =>
        {
            long? assigneeId = null;
            if (email is not null)
            {
                assigneeId = await ActiveUserIdAsync(change.Connection, email, change.Transaction);
                if (assigneeId is null)
                {
                    return NoActiveUser(email);
                }
            }

            if (assigneeId == change.Claim.AssigneeId)
            {
                return null;
            }

            await change.SaveAsync("assignee_id = @assigneeId", new DynamicParameters(new { assigneeId }));
            var assigned = new { before = change.Claim.AssigneeEmail, after = email };
            await change.AuditAsync(AuditKinds.Assigned, assigned);
            change.Notify(WebhookEvents.Assigned, assigned);
            return null;
        }, cancellationToken);
    }

    public Task<WriteResult> AddAppearanceAsync(long claimId, AppearanceInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = input.Validate();
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, input.Version, actor, ClaimAction.AddAppearance, change => AddAppearanceAsync(change, input), cancellationToken);
    }

    private static async Task<FieldErrors?> AddAppearanceAsync(ClaimChange change, AppearanceInput input)
    {
        var appearanceId = await InsertAppearanceAsync(change.Transaction, change.Claim.Id, input, change.Actor, change.Now);
        await change.SaveAsync(seenByThePublic: true);
        await change.AuditAsync(AuditKinds.AppearanceAdded, AppearanceDetails(appearanceId, input));
        return null;
    }

    public Task<WriteResult> RemoveAppearanceAsync(long claimId, long appearanceId, long? version, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        RequireVersion(version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, version, actor, ClaimAction.RemoveAppearance, async change =>
        {
            var appearance = await change.Connection.QuerySingleOrDefaultAsync<AppearanceRow>(
                """
                SELECT id, claim_id, url, outlet, headline, published_at, excerpt, language, added_at
                  FROM appearances
                 WHERE id = @appearanceId AND claim_id = @claimId
                """, new { appearanceId, claimId }, change.Transaction);
            if (appearance is null)
            {
                return FieldErrors.Of("appearance", $"Claim {claimId} has no appearance {appearanceId}.");
            }

            var remaining = await change.Connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM appearances WHERE claim_id = @claimId AND id <> @appearanceId",
                new { claimId, appearanceId }, change.Transaction);
            var refusal = ClaimRules.CheckAppearanceRemoval(remaining);
            if (!refusal.IsEmpty)
            {
                return refusal;
            }

            await change.Connection.ExecuteAsync("DELETE FROM appearances WHERE id = @appearanceId", new { appearanceId }, change.Transaction);
            await change.SaveAsync(seenByThePublic: true);
            await change.AuditAsync(AuditKinds.AppearanceRemoved, new
            {
                appearanceId,
                appearance.Url,
                appearance.Outlet,
                appearance.Headline,
                appearance.PublishedAt,
            });
            return null;
        }, cancellationToken);
    }

    public Task<WriteResult> AddEvidenceAsync(long claimId, EvidenceInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        TextRules.OptionalUrl(errors, "url", input.Url);
        TextRules.Required(errors, "description", input.Description, TextRules.NoteMax);
        if (!Wire.TryParse(input.Stance, out Stance stance))
        {
            errors.Add("stance", $"stance must be one of: {string.Join(", ", Wire.Stances)}.");
        }

        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, input.Version, actor, ClaimAction.AddEvidence, async change =>
        {
            var url = TextRules.Clean(input.Url);
            var description = input.Description!.Trim();
            var evidenceId = await change.Connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO evidence (claim_id, url, description, stance, added_by, added_at)
                VALUES (@claimId, @url, @description, @stance, @addedBy, @now)
                RETURNING id
                """,
                new { claimId, url, description, stance = Wire.Name(stance), addedBy = actor.UserId, now = change.Now },
                change.Transaction);
            await change.SaveAsync();
            await change.AuditAsync(AuditKinds.EvidenceAdded, new { evidenceId, url, description, stance = Wire.Name(stance) });
            return null;
        }, cancellationToken);
    }

    public Task<WriteResult> RemoveEvidenceAsync(long claimId, long evidenceId, long? version, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        RequireVersion(version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, version, actor, ClaimAction.RemoveEvidence, async change =>
        {
            var evidence = (await change.Connection.QueryAsync<EvidenceRow>(
                "SELECT id, claim_id, url, description, stance FROM evidence WHERE claim_id = @claimId",
                new { claimId }, change.Transaction)).AsList();
            var removed = evidence.Find(e => e.Id == evidenceId);
            if (removed is null)
            {
                return FieldErrors.Of("evidence", $"Claim {claimId} has no evidence {evidenceId}.");
            }

            var remaining = evidence.Where(e => e.Id != evidenceId).Select(e => e.Stance).ToList();
            var refusal = ClaimRules.CheckEvidenceRemoval(change.Claim.State, remaining);
            if (!refusal.IsEmpty)
            {
                return refusal;
            }

            await change.Connection.ExecuteAsync("DELETE FROM evidence WHERE id = @evidenceId", new { evidenceId }, change.Transaction);
            await change.SaveAsync();
            await change.AuditAsync(AuditKinds.EvidenceRemoved, new
            {
                evidenceId,
                removed.Url,
                removed.Description,
                stance = Wire.Name(removed.Stance),
            });
            return null;
        }, cancellationToken);
    }

    public Task<WriteResult> PublishAsync(long claimId, VersionInput input, Actor actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(claimId, input, actor, publish: true, cancellationToken);

    public Task<WriteResult> UnpublishAsync(long claimId, VersionInput input, Actor actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(claimId, input, actor, publish: false, cancellationToken);

    private Task<WriteResult> SetPublishedAsync(long claimId, VersionInput input, Actor actor, bool publish, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        RequireVersion(input.Version, errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(WriteResult.Invalid(errors));
        }

        return ChangeAsync(claimId, input.Version, actor, publish ? ClaimAction.Publish : ClaimAction.Unpublish, async change =>
        {
            if (change.Claim.IsPublished == publish)
            {
                return FieldErrors.Of("isPublished", publish ? "The claim is already published." : "The claim is not published.");
            }

            await change.SaveAsync(
                publish ? "is_published = 1, published_at = COALESCE(published_at, @now)" : "is_published = 0",
                new DynamicParameters(),
                seenByThePublic: true);
            var published = new { state = Wire.Name(change.Claim.State) };
            await change.AuditAsync(publish ? AuditKinds.Published : AuditKinds.Unpublished, published);
            change.Notify(publish ? WebhookEvents.Published : WebhookEvents.Unpublished, published);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs one change in a write transaction: loads the claim, refuses an actor the permissions do not allow
    /// (and, with <paramref name="moveToDeskId"/> naming another desk, one who may not move it), refuses a stale
    /// version, lets <paramref name="apply"/> write (or refuse with field errors), and commits only when it did not refuse.
    /// </summary>
    private async Task<WriteResult> ChangeAsync(
        long claimId, long? version, Actor actor, ClaimAction action, Func<ClaimChange, Task<FieldErrors?>> apply, CancellationToken cancellationToken,
        long? moveToDeskId = null)
    {
        var (result, publicChange) = await database.WriteAsync(async write =>
        {
            var (result, publicChange) = await ApplyAsync(write, claimId, version, actor, action, apply, moveToDeskId);
            if (result.Status == WriteStatus.Ok)
            {
                write.Commit();
            }

            return (result, publicChange);
        }, cancellationToken);

        if (publicChange)
        {
            publishedChanges.Bump();
        }

        return result;
    }

    /// <summary>
    /// One change inside <paramref name="write"/>: loads the claim, refuses an actor the permissions do not allow
    /// (and, with <paramref name="moveToDeskId"/> naming another desk, one who may not move it), refuses a stale
    /// version (none given: the claim as it is now), and lets <paramref name="apply"/> write or refuse with field
    /// errors. The caller commits when the result is <see cref="WriteStatus.Ok"/>; also says whether the public saw it.
    /// </summary>
    private async Task<(WriteResult Result, bool PublicChange)> ApplyAsync(
        WriteTransaction write, long claimId, long? version, Actor actor, ClaimAction action, Func<ClaimChange, Task<FieldErrors?>> apply, long? moveToDeskId)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        var claim = await ClaimStore.GetRowAsync(connection, transaction, claimId);
        if (claim is null)
        {
            return (new WriteResult(WriteStatus.NotFound), false);
        }

        var refusal = await RefusalAsync(transaction, actor, action, claim.DeskId);
        if (refusal is null && moveToDeskId is { } target && target != claim.DeskId)
        {
            refusal = await RefusalAsync(transaction, actor, ClaimAction.MoveDesk, claim.DeskId);
        }

        if (refusal is not null)
        {
            return (WriteResult.Forbidden(refusal), false);
        }

        if (version is not null && claim.Version != version)
        {
            return (new WriteResult(WriteStatus.Conflict, await ClaimStore.GetDetailAsync(connection, transaction, claimId)), false);
        }

        var change = new ClaimChange(transaction, claim, clock.GetUtcNow(), actor);
        var ruleRefusal = await apply(change);
        if (ruleRefusal is not null)
        {
            return (new WriteResult(WriteStatus.Refused, Errors: ruleRefusal), false);
        }

        var updated = await ClaimStore.GetDetailAsync(connection, transaction, claimId);
        foreach (var (type, details) in change.Events)
        {
            await webhooks.QueueAsync(transaction, type, updated!, details, actor, change.Now);
        }

        var publicChange = change.SeenByThePublic && (claim.IsPublished || updated!.Claim.IsPublished);
        if (publicChange)
        {
            // Only changes the public can see move this, so public Last-Modified headers reveal nothing of unpublished work.
            await connection.ExecuteAsync(
                "INSERT INTO app_settings (key, value) VALUES ('public_changed_at', @now) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)",
                new { now = SqlTime.ToSql(change.Now) }, transaction);
        }

        return (new WriteResult(WriteStatus.Ok, updated), publicChange);
    }

    private async Task<string?> RefusalAsync(DbTransaction transaction, Actor actor, ClaimAction action, long deskId)
    {
        var claimActor = await ClaimActors.LoadAsync(transaction.Connection!, transaction, actor.UserId);
        return ClaimPermissions.Check(claimActor, action, deskId, permissions.Value.PublishRequiresLead);
    }

    internal static Priority? ParsePriority(string? value, FieldErrors errors)
    {
        if (Wire.TryParse(value, out Priority priority))
        {
            return priority;
        }

        errors.Add("priority", $"priority must be one of: {string.Join(", ", Wire.Priorities)}.");
        return null;
    }

    private static void RequireVersion(long? version, FieldErrors errors)
    {
        if (version is null)
        {
            errors.Add("version", "version is required: send the version of the claim this change is based on.");
        }
    }

    private static Task<long> InsertAppearanceAsync(DbTransaction transaction, long claimId, AppearanceInput input, Actor actor, DateTimeOffset now) =>
        transaction.Connection!.ExecuteScalarAsync<long>(
            """
            INSERT INTO appearances (claim_id, url, outlet, headline, published_at, excerpt, language, added_by, added_at)
            VALUES (@claimId, @url, @outlet, @headline, @publishedAt, @excerpt, @language, @addedBy, @now)
            RETURNING id
            """,
            new
            {
                claimId,
                url = input.Url!.Trim(),
                outlet = input.Outlet!.Trim(),
                headline = input.Headline!.Trim(),
                publishedAt = input.PublishedAt!.Value,
                excerpt = TextRules.Clean(input.Excerpt),
                language = TextRules.Clean(input.Language),
                addedBy = actor.UserId,
                now,
            },
            transaction);

    private static object AppearanceDetails(long appearanceId, AppearanceInput input) => new
    {
        appearanceId,
        url = input.Url!.Trim(),
        outlet = input.Outlet!.Trim(),
        headline = input.Headline!.Trim(),
        publishedAt = input.PublishedAt,
        excerpt = TextRules.Clean(input.Excerpt),
        language = TextRules.Clean(input.Language),
    };

    /// <summary>The open write transaction of one change, with the claim as it was when the change began.</summary>
    private sealed record ClaimChange(DbTransaction Transaction, ClaimRow Claim, DateTimeOffset Now, Actor Actor)
    {
        public DbConnection Connection => Transaction.Connection!;

        /// <summary>Whether the change touched what a reader of the status page can see.</summary>
        public bool SeenByThePublic { get; private set; }

        /// <summary>The webhook events this change raises, queued with the claim as it is once the change is written.</summary>
        public List<(string Type, object Details)> Events { get; } = [];

        public void Notify(string type, object details) => Events.Add((type, details));

        /// <summary>Writes the given column assignments (fixed SQL fragments, never user text) and bumps the version.</summary>
        public async Task SaveAsync(string assignments = "", DynamicParameters? values = null, bool seenByThePublic = false)
        {
            var parameters = values ?? new DynamicParameters();
            parameters.Add("id", Claim.Id);
            parameters.Add("version", Claim.Version);
            parameters.Add("now", Now);
            SeenByThePublic |= seenByThePublic;
            var set = (assignments.Length == 0 ? "" : assignments + ", ") + (seenByThePublic ? "public_updated_at = @now, " : "");
            var rows = await Connection.ExecuteAsync(
                $"UPDATE claims SET {set}updated_at = @now, version = version + 1 WHERE id = @id AND version = @version",
                parameters, Transaction);
            if (rows != 1)
            {
                throw new InvalidOperationException($"Claim {Claim.Id} changed inside its own write transaction.");
            }
        }

        public Task AuditAsync(string kind, object details) =>
            AuditLog.AppendAsync(Transaction, Claim.Id, kind, Actor, Now, details);
    }
}
