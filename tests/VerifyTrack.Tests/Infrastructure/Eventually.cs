using System.Diagnostics;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>Waits for work the app does on its own threads (queued jobs). The ceiling only keeps a broken run from hanging the suite.</summary>
public static class Eventually
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Ceiling)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
