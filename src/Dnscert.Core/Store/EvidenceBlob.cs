using System.Security.Cryptography;

namespace Dnscert.Core.Store;

/// <summary>
/// Raw evidence bytes (query and response wire bytes, a pcap slice, a feed line), addressed by their SHA-256 so the
/// same bytes are stored once however many observations cite them.
/// </summary>
public sealed record EvidenceBlob
{
    private EvidenceBlob(string sha256, string mediaType, ReadOnlyMemory<byte> content)
    {
        Sha256 = sha256;
        MediaType = mediaType;
        Content = content;
    }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 { get; }

    /// <summary>What the bytes are, e.g. <c>application/dns-message</c>, <c>application/vnd.tcpdump.pcap</c>, <c>text/plain</c>.</summary>
    public string MediaType { get; }

    public ReadOnlyMemory<byte> Content { get; }

    public static EvidenceBlob Create(string mediaType, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        return new EvidenceBlob(HashOf(content.Span), mediaType, content.ToArray());
    }

    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public bool Equals(EvidenceBlob? other) =>
        other is not null && Sha256 == other.Sha256 && MediaType == other.MediaType && Content.Span.SequenceEqual(other.Content.Span);

    public override int GetHashCode() => HashCode.Combine(Sha256, MediaType);
}
