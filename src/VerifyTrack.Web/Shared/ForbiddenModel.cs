namespace VerifyTrack.Web.Shared;

/// <summary>A refused change: why, and where to go back to.</summary>
public sealed record ForbiddenModel(string Reason, string Back);
