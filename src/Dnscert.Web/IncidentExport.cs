using Dnscert.Coordination.Incidents;
using Dnscert.Core.Store;
using Dnscert.Exchange;
using Dnscert.Exchange.Misp;
using Dnscert.Exchange.Stix21;

namespace Dnscert.Web;

/// <summary>
/// An incident as a MISP event or a STIX 2.1 bundle, for the API and the CLI alike. The incident and each of its
/// observations are read through the TLP filter as the reader, so an export never carries what its reader may
/// not see; ids are derived from the incident's and observations' ids, so a re-export is the same document.
/// </summary>
public static class IncidentExport
{
    public const string Misp = MispEventExporter.Id;
    public const string Stix = StixBundleExporter.Id;

    /// <summary>The date the instance's STIX identity says it was created: fixed, so re-exports stay identical.</summary>
    private static readonly DateTimeOffset s_identitySince = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Formats { get; } = [Misp, Stix];

    /// <summary>The incident with the observations the reader may see; null when the reader may not see the incident.</summary>
    public static async Task<ExchangeIncident?> LoadAsync(IncidentService incidents, IDnscertStore store, Viewer viewer, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(store);
        if (await incidents.GetAsync(viewer, id, ct).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var observations = new List<Observation>();
        foreach (var observationId in incident.ObservationIds)
        {
            if (await store.Observations.GetVisibleAsync(observationId, viewer, ct).ConfigureAwait(false) is { } observation)
            {
                observations.Add(observation);
            }
        }

        return new ExchangeIncident(incident.Id, incident.Title, incident.Tlp, incident.Severity, IncidentStateMachine.Code(incident.State),
            incident.OpenedAt, incident.UpdatedAt, observations);
    }

    /// <summary>The document in <paramref name="format"/> (<c>misp</c> or <c>stix21</c>), signed by the instance.</summary>
    public static string Render(ExchangeIncident incident, string format, string instanceName)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceName);
        var organisation = new ReportingOrganisation(NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "instance:" + instanceName), instanceName);
        return format switch
        {
            Misp => new MispEventExporter(organisation).ExportJson(incident),
            Stix => new StixBundleExporter(organisation, s_identitySince).ExportJson(incident),
            _ => throw new ArgumentException($"'{format}' is not an export format; use {string.Join(" or ", Formats)}.", nameof(format)),
        };
    }
}
