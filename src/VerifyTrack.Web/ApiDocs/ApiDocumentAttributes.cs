namespace VerifyTrack.Web.ApiDocs;

/// <summary>
/// A body field the server refuses to do without. Our inputs are all nullable so that a missing field becomes
/// a field error with a message, not a binding failure; this tells the document which ones are needed anyway.
/// It is documentation only: the commands' own validation decides.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredInApiAttribute : Attribute;

/// <summary>
/// What a query value means on the wire. Query records take every value as text, so a bad one becomes a field error
/// rather than a binding failure; the document shows the type and values the server accepts.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class QueryValueAttribute(string type) : Attribute
{
    /// <summary>A JSON Schema type: <c>integer</c>, <c>boolean</c> or <c>string</c>.</summary>
    public string Type { get; } = type;

    public string? Format { get; init; }

    public string[] Values { get; init; } = [];
}
