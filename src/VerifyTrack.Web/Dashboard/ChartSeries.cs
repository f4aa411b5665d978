namespace VerifyTrack.Web.Dashboard;

/// <summary>One named series of a chart, a value (or none) per category.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
