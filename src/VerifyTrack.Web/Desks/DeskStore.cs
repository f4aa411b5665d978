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

public sealed partial class DeskStore(Database database, TimeProvider clock)
{
    public async Task<IReadOnlyList<DeskRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeskRow>("SELECT id, slug, name, time_zone FROM desks ORDER BY name");
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
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors.Add("timeZone", $"'{timeZone}' is not a known time zone: use an IANA name such as Europe/London.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM desks WHERE slug = @slug", new { slug }, transaction) is not null)
        {
            return (null, FieldErrors.Of("slug", $"A desk with the slug '{slug}' already exists."));
        }

        var now = clock.GetUtcNow();
        var desk = await connection.QuerySingleAsync<DeskRow>(
            """
            INSERT INTO desks (slug, name, time_zone, created_at)
            VALUES (@slug, @name, @timeZone, @now)
            RETURNING id, slug, name, time_zone
            """,
            new { slug, name = name!.Trim(), timeZone, now }, transaction);
        await AuditLog.AppendAsync(transaction, null, AuditKinds.DeskCreated, actor, now, new { deskId = desk.Id, desk.Slug, desk.Name, desk.TimeZone });
        await transaction.CommitAsync(cancellationToken);
        return (desk, errors);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex SlugShape();
}
