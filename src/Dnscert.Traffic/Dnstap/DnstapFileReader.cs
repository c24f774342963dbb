namespace Dnscert.Traffic.Dnstap;

/// <summary>Reads a dnstap Frame Streams file (START, data frames, STOP) into transactions.</summary>
public static class DnstapFileReader
{
    /// <summary>
    /// Calls <paramref name="consumer"/> for every transaction in <paramref name="stream"/>; returns the decoder with
    /// its counts. Throws <see cref="DnstapFormatException"/> for a non-dnstap or damaged stream.
    /// </summary>
    public static async Task<DnstapTransactionDecoder> ReadAsync(Stream stream, Action<DnsTransaction> consumer, CancellationToken cancellationToken, int maxFrameSize = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var reader = new FrameStreamReader(stream, maxFrameSize);
        var decoder = new DnstapTransactionDecoder();
        await reader.ExpectStartAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var frame = await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame.Control == FrameStreamControl.Stop)
            {
                return decoder;
            }

            if (frame.Control is not null)
            {
                throw new DnstapFormatException($"Unexpected Frame Streams {frame.Control} frame inside a file");
            }

            if (decoder.TryDecode(frame.Data, out var transaction))
            {
                consumer(transaction);
            }
        }
    }
}
