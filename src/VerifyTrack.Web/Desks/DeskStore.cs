using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Desks;

public sealed class DeskRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "";
}

public sealed class DeskListItem
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string Leads { get; init; } = "";
    public long Members { get; init; }
}

/// <summary>A desk as its digest page shows it; <see cref="DigestLocalTime"/> is null when it keeps the configured default.</summary>
public sealed class DeskDigestItem
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string? DigestLocalTime { get; init; }
}

public sealed partial class DeskStore(Database database, TimeProvider clock)
{
    private const string SelectDesk = "SELECT id, slug, name, time_zone FROM desks";

    /// <summary>The desk with this slug, read on the caller's connection (and transaction, when one is open).</summary>
    public static Task<DeskRow?> FindBySlugAsync(DbConnection connection, string slug, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<DeskRow?>($"{SelectDesk} WHERE slug = @slug", new { slug }, transaction);

    /// <summary>Desks with their leads (members with the desk_lead role) and how many people work on each.</summary>
    public async Task<IReadOnlyList<DeskListItem>> ListWithLeadsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeskListItem>(
            """
            SELECT d.id, d.slug, d.name, d.time_zone,
                   COALESCE((SELECT group_concat(u.display_name, ', ')
                               FROM user_desks ud JOIN users u ON u.id = ud.user_id
                              WHERE ud.desk_id = d.id AND u.role = 'desk_lead' AND u.is_active = 1), '') AS leads,
                   (SELECT COUNT(*) FROM user_desks ud JOIN users u ON u.id = ud.user_id WHERE ud.desk_id = d.id AND u.is_active = 1) AS members
              FROM desks d
             ORDER BY d.name
            """);
        return rows.AsList();
    }

    public async Task<FieldErrors> UpdateAsync(string slug, string? name, string? timeZone, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "name", name, TextRules.NameMax);
        RequireTimeZone(errors, timeZone);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        return await database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var before = await FindBySlugAsync(connection, slug, transaction);
            if (before is null)
            {
                return FieldErrors.Of("slug", $"There is no desk '{slug}'.");
            }

            var newName = name!.Trim();
            await connection.ExecuteAsync(
                "UPDATE desks SET name = @newName, time_zone = @timeZone WHERE id = @Id", new { newName, timeZone, before.Id }, transaction);
            var changes = new Dictionary<string, object>(StringComparer.Ordinal);
            if (before.Name != newName)
            {
                changes["name"] = new { before = before.Name, after = newName };
            }

            if (before.TimeZone != timeZone)
            {
                changes["timeZone"] = new { before = before.TimeZone, after = timeZone };
            }

            if (changes.Count > 0)
            {
                await AuditLog.AppendAsync(transaction, null, AuditKinds.DeskUpdated, actor, clock.GetUtcNow(), new { slug, changes });
            }

            write.Commit();
            return errors;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DeskDigestItem>> ListDigestTimesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeskDigestItem>("SELECT id, slug, name, time_zone, digest_local_time FROM desks ORDER BY name");
        return rows.AsList();
    }

    /// <summary>
    /// Sets the local time of a desk's daily digest (HH:mm), or back to the configured default when empty. Who may is
    /// <see cref="ClaimPermissions"/>' decision, taken on the actor's role and desks as they are in this transaction.
    /// </summary>
    public async Task<WriteResult> SetDigestTimeAsync(string slug, string? localTime, Actor actor, CancellationToken cancellationToken = default)
    {
        var time = string.IsNullOrWhiteSpace(localTime) ? null : localTime.Trim();
        if (time is not null && !TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return WriteResult.Invalid(FieldErrors.Of("localTime", $"'{time}' is not a local time: use HH:mm, such as 06:30, or leave it empty for the default."));
        }

        return await database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var desk = await connection.QuerySingleOrDefaultAsync<DeskDigestItem>(
                "SELECT id, slug, name, time_zone, digest_local_time FROM desks WHERE slug = @slug", new { slug }, transaction);
            if (desk is null)
            {
                return new WriteResult(WriteStatus.NotFound);
            }

            var claimActor = await ClaimActors.LoadAsync(connection, transaction, actor.UserId);
            if (ClaimPermissions.Check(claimActor, ClaimAction.SetDigestTime, desk.Id, publishRequiresLead: false) is { } refusal)
            {
                return WriteResult.Forbidden(refusal);
            }

            if (desk.DigestLocalTime != time)
            {
                await connection.ExecuteAsync("UPDATE desks SET digest_local_time = @time WHERE id = @Id", new { time, desk.Id }, transaction);
                await AuditLog.AppendAsync(transaction, null, AuditKinds.DeskUpdated, actor, clock.GetUtcNow(), new
                {
                    slug,
                    changes = new { digestLocalTime = new { before = desk.DigestLocalTime, after = time } },
                });
            }

            write.Commit();
            return new WriteResult(WriteStatus.Ok);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DeskRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeskRow>($"{SelectDesk} ORDER BY name");
        return rows.AsList();
    }

    public async Task<(DeskRow? Desk, FieldErrors Errors)> AddAsync(string? slug, string? name, string? timeZone, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(slug) || !SlugShape().IsMatch(slug))
        {
            errors.Add("slug", "slug must be 1–40 lower-case letters, digits or hyphens, such as 'world' or 'middle-east'.");
        }

        TextRules.Required(errors, "name", name, TextRules.NameMax);
        RequireTimeZone(errors, timeZone);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow();
        return await database.WriteAsync<(DeskRow?, FieldErrors)>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (await FindBySlugAsync(connection, slug!, transaction) is not null)
            {
                return (null, FieldErrors.Of("slug", $"A desk with the slug '{slug}' already exists."));
            }

            var desk = await connection.QuerySingleAsync<DeskRow>(
                """
                INSERT INTO desks (slug, name, time_zone, created_at)
                VALUES (@slug, @name, @timeZone, @now)
                RETURNING id, slug, name, time_zone
                """,
                new { slug, name = name!.Trim(), timeZone, now }, transaction);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.DeskCreated, actor, now, new { deskId = desk.Id, desk.Slug, desk.Name, desk.TimeZone });
            write.Commit();
            return (desk, errors);
        }, cancellationToken);
    }

    private static void RequireTimeZone(FieldErrors errors, string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors.Add("timeZone", $"'{timeZone}' is not a known time zone: use an IANA name such as Europe/London.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex SlugShape();
}
