using System.Security.Cryptography;
using System.Text;

namespace Dnscert.Exchange;

/// <summary>
/// Name-based UUIDs (version 5, SHA-1) per RFC 9562 §5.5. Hand-written because .NET only creates version 4 and 7
/// GUIDs, and exported ids must be stable across re-exports: the same incident or observation always gets the same
/// MISP uuid and STIX id, so a consumer updates its copy instead of importing a duplicate. STIX 2.1 §2.9 also
/// requires version 5 ids for cyber-observable objects.
/// </summary>
public static class NameBasedUuid
{
    /// <summary>The namespace STIX 2.1 fixes for the deterministic ids of cyber-observable objects.</summary>
    public static readonly Guid StixObservableNamespace = new("00abedb4-aa42-466c-9c01-fed23315a9b7");

    /// <summary>The namespace dnscert derives its own export ids from (itself a v5 id of "dnscert" in the DNS namespace).</summary>
    public static readonly Guid DnscertNamespace = Create(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "dnscert.exchange");

    /// <summary>The version 5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 §5.5 prescribes for version 5; it is an id, not a security boundary.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
