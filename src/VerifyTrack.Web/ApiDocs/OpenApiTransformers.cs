using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VerifyTrack.Web.ApiDocs;

/// <summary>The personal API tokens as the document's one security scheme, required by every action that needs a sign-in.</summary>
public static class BearerSecurity
{
    public const string SchemeId = "bearer";

    public static Task AddSchemeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal API token (`vt_…`), created and revoked on `/account`: send `Authorization: Bearer vt_…`. "
                + "It acts as its user, with the user's role and desks; a revoked token, or one of a deactivated user, is refused with 401.",
        };
        return Task.CompletedTask;
    }

    public static Task RequireOnProtectedAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The document's sections in the order an integrator reads them, each with a line saying what it is for: the
/// claims first, not whichever controller the app happened to discover first.
/// </summary>
public static class ApiTags
{
    public static readonly IReadOnlyList<(string Name, string Description)> Order =
    [
        ("Claims", "Claims, their changes and history, similar claims, and bulk triage: an editor's token."),
        ("Intake", "Wire copy read into candidate claims; creates nothing."),
        ("Dashboard", "Where the desks stand: the dashboard's figures."),
        ("Webhooks", "Signed deliveries of claim events to other systems and desk chats: an admin's token."),
        ("Public", "The published claims, as the status page shows them: no token, cached."),
    ];

    public static Task OrderAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var used = document.Paths.Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .ToHashSet(StringComparer.Ordinal);
        var tags = new HashSet<OpenApiTag>();
        foreach (var (name, description) in Order.Where(t => used.Contains(t.Name)))
        {
            tags.Add(new OpenApiTag { Name = name, Description = description });
        }

        foreach (var name in used.Where(n => Order.All(t => t.Name != n)).Order(StringComparer.Ordinal))
        {
            tags.Add(new OpenApiTag { Name = name });
        }

        document.Tags = tags;
        return Task.CompletedTask;
    }
}

/// <summary>Query parameters named as clients send them (camelCase, like the JSON) and typed as the server reads them.</summary>
public static class QueryParameters
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            var description = context.Description.ParameterDescriptions
                .FirstOrDefault(d => d.Source == BindingSource.Query && string.Equals(d.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            if (description?.ModelMetadata is DefaultModelMetadata metadata
                && metadata.Attributes.PropertyAttributes?.OfType<QueryValueAttribute>().FirstOrDefault() is { } value)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = value.Type switch
                    {
                        "integer" => JsonSchemaType.Integer,
                        "boolean" => JsonSchemaType.Boolean,
                        _ => JsonSchemaType.String,
                    },
                    Format = value.Format,
                    Enum = value.Values.Length == 0 ? null : value.Values.Select(v => (System.Text.Json.Nodes.JsonNode)v).ToList(),
                };
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>In an input with <see cref="RequiredInApiAttribute"/> fields, exactly those are required; other schemas keep what the serializer says.</summary>
public static class RequiredFields
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var properties = context.JsonTypeInfo.Properties;
        if (schema.Properties is null || !properties.Any(IsRequiredInApi))
        {
            return Task.CompletedTask;
        }

        schema.Required = properties.Where(IsRequiredInApi).Select(p => p.Name).ToHashSet();
        return Task.CompletedTask;
    }

    private static bool IsRequiredInApi(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredInApiAttribute), inherit: false) == true;
}

/// <summary>
/// Times go through the app's own converter (<see cref="Infrastructure.Web.UtcDateTimeOffsetConverter"/>), which hides
/// their JSON type from the schema generator: they are ISO-8601 strings.
/// </summary>
public static class TimeSchemas
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (type == typeof(DateTimeOffset?))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        return Task.CompletedTask;
    }
}
