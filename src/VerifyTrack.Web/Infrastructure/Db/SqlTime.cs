using System.Data;
using System.Globalization;
using Dapper;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>
/// Stores every instant as fixed-width ISO-8601 UTC text with milliseconds, so that text order is time order,
/// indexes on time columns serve ranges and sorting, and SQLite's own strftime(%f) writes the same shape.
/// </summary>
public static class SqlTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToSql(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromSql(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static void Register()
    {
        // Dapper's built-in map would hand DateTimeOffset to the provider with its local offset; take it over.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = ToSql(value);
        }

        public override DateTimeOffset Parse(object value) => FromSql((string)value);
    }
}
