using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Intake;

[ApiController]
[Route("api/v1/intake")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName)]
[ApiBodyLimit]
[IgnoreAntiforgeryToken]
public sealed class IntakeApiController(IntakeService intake) : ControllerBase
{
    /// <summary>The candidate claims in an article, each with the existing claims it may repeat. Creates nothing.</summary>
    [HttpPost("extract")]
    public async Task<IActionResult> Extract(IntakeExtractInput input, CancellationToken cancellationToken)
    {
        var (extraction, errors) = await intake.ExtractAsync(input, cancellationToken);
        return extraction is null ? Problems.Validation(errors, StatusCodes.Status400BadRequest) : Ok(extraction);
    }
}
