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
[Tags("Intake")]
public sealed class IntakeApiController(IntakeService intake) : ControllerBase
{
    [HttpPost("extract")]
    [EndpointSummary("Read an article and list its candidate claims")]
    [EndpointDescription("The candidate claims in an article (plain text or HTML), best first, each with the existing claims it may repeat. Creates nothing.")]
    [ProducesResponseType<ExtractionJson>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Extract(IntakeExtractInput input, CancellationToken cancellationToken)
    {
        var (extraction, errors) = await intake.ExtractAsync(input, cancellationToken);
        return extraction is null ? Problems.Validation(errors, StatusCodes.Status400BadRequest) : Ok(extraction);
    }
}
