using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// Resolves <c>{feature}</c> in view locations from the controller's namespace
/// (<c>VerifyTrack.Web.Admin.JobsAdminController</c> → <c>Admin</c>), so a feature folder may hold several controllers.
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    public const string Token = "{feature}";
    private const string ValueKey = "feature";
    private static readonly string RootNamespace = typeof(FeatureViewLocationExpander).Assembly.GetName().Name + ".";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            context.Values[ValueKey] = FeatureOf(action.ControllerTypeInfo.Namespace);
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        context.Values.TryGetValue(ValueKey, out var feature) && feature is not null
            ? viewLocations.Select(location => location.Replace(Token, feature))
            : viewLocations.Where(location => !location.Contains(Token));

    private static string? FeatureOf(string? controllerNamespace) =>
        controllerNamespace is not null && controllerNamespace.StartsWith(RootNamespace, StringComparison.Ordinal)
            ? controllerNamespace[RootNamespace.Length..].Split('.')[0]
            : null;
}
