using Dnscert.Coordination.Incidents;
using Dnscert.Core.Store;

namespace Dnscert.Web.Notifications;

/// <summary>
/// Applies a change to a stored incident as the instance, reading it again when someone else saved it meanwhile (the
/// store refuses a save that would lose timeline entries), so the notifier and the outbox never drop an entry.
/// </summary>
internal static class IncidentUpdates
{
    private const int MaxAttempts = 5;

    /// <summary>Runs <paramref name="change"/> on a fresh copy and saves it; false when the incident does not exist or the change made nothing to save.</summary>
    public static async Task<bool> ApplyAsync(IDnscertStore store, Guid id, Func<Incident, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.Incidents.GetAsync(id, Viewer.System, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                return false;
            }

            var incident = Incident.FromStored(stored);
            if (!change(incident))
            {
                return false;
            }

            try
            {
                await store.Incidents.SaveAsync(incident.ToStored(), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (StoreException) when (attempt < MaxAttempts)
            {
                // Changed meanwhile (an analyst commented, another delivery was recorded): read it again and redo.
            }
        }
    }
}
