namespace Dnscert.Traffic.Dnstap;

/// <summary>One Frame Streams frame: a control frame (<see cref="Control"/> set) or a data frame (<see cref="Data"/>).</summary>
public readonly record struct FrameStreamFrame(FrameStreamControl? Control, ReadOnlyMemory<byte> Data)
{
    public bool IsData => Control is null;
}
