using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Audit;

public sealed record AuditPageModel(AuditQuery Query, IReadOnlyList<AuditEventRow> Events, long? NextBefore, FieldErrors Errors);

[Authorize]
[Route("audit")]
public sealed class AuditController(AuditReader reader) : Controller
{
    public const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditQuery query, CancellationToken cancellationToken)
    {
        var (filter, before, errors) = query.Parse();
        if (!errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new AuditPageModel(query, [], null, errors));
        }

        var events = await reader.SearchAsync(filter, before, PageSize + 1, cancellationToken);
        var page = events.Take(PageSize).ToList();
        return View(new AuditPageModel(query, page, events.Count > PageSize ? page[^1].Id : null, errors));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export([FromQuery] AuditQuery query, CancellationToken cancellationToken)
    {
        var (filter, _, errors) = query.Parse();
        if (!errors.IsEmpty)
        {
            return BadRequest(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"verifytrack-audit.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteLineAsync("id,at,claim_id,kind,actor_id,actor,details,prev_hash,hash");
        await foreach (var e in reader.StreamAsync(filter, cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',',
                e.Id.ToString(CultureInfo.InvariantCulture),
                SqlTime.ToSql(e.At),
                e.ClaimId?.ToString(CultureInfo.InvariantCulture) ?? "",
                Csv(e.Kind),
                e.ActorId?.ToString(CultureInfo.InvariantCulture) ?? "",
                Csv(e.Actor),
                Csv(e.Details),
                e.PrevHash,
                e.Hash));
        }

        return new EmptyResult();
    }

    /// <summary>
    /// Quotes a CSV field, and defuses text a spreadsheet would run as a formula (a leading =, +, -, @):
    /// claim text is quoted from the wild.
    /// </summary>
    public static string Csv(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
