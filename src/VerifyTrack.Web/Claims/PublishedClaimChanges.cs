namespace VerifyTrack.Web.Claims;

/// <summary>
/// A generation number that moves whenever a change the public can see is committed. Public responses are
/// cached per generation, so a page rendered before a change is never served after it.
/// </summary>
public sealed class PublishedClaimChanges
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Bump() => Interlocked.Increment(ref _generation);
}
