using System.Net;

namespace Dnscert.Lab.Proxy;

/// <summary>
/// One address the lab proxy listens on (UDP and TCP), where it relays to, how much one-way
/// latency it adds and which faults it plants. <paramref name="Backend"/> null means the proxy
/// synthesises every answer itself.
/// </summary>
public sealed record ProxyEndpoint(IPEndPoint Listen, IPEndPoint? Backend, TimeSpan OneWayDelay, IReadOnlyList<FaultRule> Faults);
