using System.Text.Json;
using System.Text.Json.Serialization;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// Reads ISO-8601 times; one without an offset ("2017-10-04", "2017-10-04T09:00") is UTC, never the
/// server's own time zone. Writes UTC.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var value))
        {
            return value.Kind switch
            {
                DateTimeKind.Unspecified => new DateTimeOffset(value, TimeSpan.Zero),
                _ => reader.GetDateTimeOffset().ToUniversalTime(),
            };
        }

        throw new JsonException("Expected an ISO-8601 date or time, such as 2017-10-04 or 2017-10-04T09:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
