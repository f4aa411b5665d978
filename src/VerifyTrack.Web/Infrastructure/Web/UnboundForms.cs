using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// A form value that cannot become what its field holds (<c>IsActive=maybe</c>, <c>digests=yes please</c>)
/// leaves the field at its default, and an action that went on would apply that default as if it had been
/// chosen: a deactivated user, mail turned off. Such a request is refused with 400 before any page action runs.
/// The JSON API answers its own 400s (problem details) and is left alone.
/// </summary>
public sealed class RefuseUnboundForms : IActionFilter
{
    private const string Marker = "is not a value this field can take";

    public static void UseMessages(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"'{value}' {Marker} ({field}).");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"'{value}' {Marker}.");
        messages.SetValueMustBeANumberAccessor(field => $"{field}: a number {Marker}, so it must be a number.");
    }

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.Controller is not Controller || HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            return;
        }

        var unbound = context.ModelState.Values
            .SelectMany(entry => entry.Errors)
            .Select(error => error.ErrorMessage)
            .Where(message => message.Contains(Marker, StringComparison.Ordinal))
            .ToList();
        if (unbound.Count > 0)
        {
            context.Result = new ViewResult
            {
                ViewName = "BadForm",
                StatusCode = StatusCodes.Status400BadRequest,
                ViewData = new Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary<IReadOnlyList<string>>(
                    new EmptyModelMetadataProvider(), context.ModelState) { Model = unbound },
            };
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
