namespace Dnscert.UnitTests;

/// <summary>
/// Polls a condition that another thread makes true (a receive loop counting a datagram, a listener reaching a
/// state): tests wait for it with a deadline instead of a fixed sleep, so they are quick when the machine is and still
/// pass when it is loaded.
/// </summary>
internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="within"/> has passed; returns the condition's last value.</summary>
    public static async Task<bool> TrueWithin(TimeSpan within, Func<bool> condition, TimeSpan? every = null)
    {
        var step = every ?? TimeSpan.FromMilliseconds(10);
        for (var waited = TimeSpan.Zero; waited < within && !condition(); waited += step)
        {
            await Task.Delay(step, TestContext.Current.CancellationToken);
        }

        return condition();
    }
}
