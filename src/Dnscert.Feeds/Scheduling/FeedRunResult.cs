using Dnscert.Core.Store;

namespace Dnscert.Feeds.Scheduling;

/// <summary>One feed's run: its new status, and the error when it failed (the other feeds ran regardless).</summary>
public sealed record FeedRunResult(string FeedId, FeedStatus Status, Exception? Error)
{
    public bool Succeeded => Error is null;
}
