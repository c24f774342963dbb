namespace Dnscert.Traffic.Dnstap;

/// <summary>Frame Streams control frame types (the fstrm protocol used by dnstap).</summary>
public enum FrameStreamControl : uint
{
    Accept = 1,
    Start = 2,
    Stop = 3,
    Ready = 4,
    Finish = 5,
}
