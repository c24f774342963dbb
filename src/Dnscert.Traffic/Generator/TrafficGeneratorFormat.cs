namespace Dnscert.Traffic.Generator;

/// <summary>Output format of the traffic generator.</summary>
public enum TrafficGeneratorFormat
{
    Pcap = 0,
    Dnstap = 1,
}
