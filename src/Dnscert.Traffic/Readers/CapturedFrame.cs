namespace Dnscert.Traffic.Readers;

/// <summary>
/// One link-layer frame from a capture file. <see cref="Data"/> points into the reader's buffer and is valid
/// only until the next read; <see cref="OriginalLength"/> is the length on the wire (larger than the data when
/// the snap length cut the packet).
/// </summary>
public readonly record struct CapturedFrame(int LinkType, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Data, int OriginalLength)
{
    public bool IsCut => OriginalLength > Data.Length;
}
