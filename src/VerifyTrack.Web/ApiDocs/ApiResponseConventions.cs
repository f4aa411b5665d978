using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.ApiDocs;

/// <summary>
/// The error answers every API action gives for the same reason, declared once from what the action is rather than
/// on each: a token-protected action answers 401 and 403, an action with a JSON body 400 (the body does not bind)
/// and 415, and 413 when its body is size-capped. A new API controller is described by the same rules without a line of its own.
/// </summary>
public sealed class ApiResponseConventions : IActionModelConvention
{
    public const string ProblemJson = "application/problem+json";

    public void Apply(ActionModel action)
    {
        var controller = action.Controller;
        if (!controller.Attributes.OfType<ApiControllerAttribute>().Any())
        {
            return;
        }

        var attributes = controller.Attributes.Concat(action.Attributes).ToList();
        if (attributes.OfType<IAuthorizeData>().Any() && !attributes.OfType<IAllowAnonymous>().Any())
        {
            Add(action, typeof(ProblemDetails), StatusCodes.Status401Unauthorized);
            Add(action, typeof(ProblemDetails), StatusCodes.Status403Forbidden);
        }

        if (action.Parameters.Any(p => p.BindingInfo?.BindingSource == BindingSource.Body))
        {
            Add(action, typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest);
            Add(action, typeof(ProblemDetails), StatusCodes.Status415UnsupportedMediaType);
            if (attributes.OfType<ApiBodyLimitAttribute>().Any())
            {
                Add(action, typeof(ProblemDetails), StatusCodes.Status413PayloadTooLarge);
            }
        }
    }

    private static void Add(ActionModel action, Type type, int status)
    {
        // An action's own declaration of the status wins: it knows its answer better than the rule does.
        if (action.Filters.OfType<ProducesResponseTypeAttribute>().Any(p => p.StatusCode == status))
        {
            return;
        }

        action.Filters.Add(new ProducesResponseTypeAttribute(type, status, ProblemJson));
    }
}
