using System.Net;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Plan;

/// <summary>A public address answered by the lab's in-process proxy: a latency relay, a fault injector, or both.</summary>
public sealed record ProxyPlanEntry(string Id, IPAddress Listen, IPAddress? Backend, TimeSpan OneWayDelay, IReadOnlyList<FaultSpec> Faults);
