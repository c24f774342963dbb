using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Control;

/// <summary>One proxy endpoint as written to <c>proxy/proxy.json</c> for the <c>dnscert lab daemon</c> process.</summary>
public sealed class ProxyConfigEntry
{
    public string Id { get; set; } = "";

    public string Listen { get; set; } = "";

    public string? Backend { get; set; }

    public int OneWayDelayMilliseconds { get; set; }

    public List<FaultSpec> Faults { get; set; } = [];
}
