namespace Dnscert.Traffic.Readers;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFormat
{
    Pcap = 0,
    Pcapng = 1,
}
