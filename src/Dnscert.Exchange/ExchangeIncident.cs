using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Exchange;

/// <summary>
/// What the exporters need of an incident: its id, title, TLP, severity, the dates of its timeline and the
/// observations linked to it. Kept as a small record of its own so the exporters do not depend on the coordination
/// project (ARCHITECTURE.md: Exchange depends on Core only); the coordination side maps its aggregate onto it.
/// </summary>
public sealed record ExchangeIncident(
    Guid Id,
    string Title,
    Tlp Tlp,
    Severity Severity,
    string Status,
    DateTimeOffset Opened,
    DateTimeOffset Updated,
    IReadOnlyList<Observation> Observations);
