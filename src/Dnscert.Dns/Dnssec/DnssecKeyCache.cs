using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// Imported DNSKEYs by (key tag, algorithm, public key octets). Importing costs far more than verifying
/// (about 15x for RSA in .NET, 100x in BouncyCastle; shared/DNS-LIBRARIES.md §2), and a zone is signed by a
/// handful of keys, so each is imported once. Failed imports are cached too, so a bad key is reported
/// without retrying. Not thread safe: give each worker thread its own cache (the imported RSA/ECDSA objects
/// are not documented as safe for concurrent use either).
/// </summary>
public sealed class DnssecKeyCache : IDisposable
{
    /// <summary>Beyond this many keys the cache starts over, which bounds memory on hostile input.</summary>
    public const int MaxEntries = 4096;

    private readonly Dictionary<CacheKey, VerificationKey> _keys = [];

    public int Count => _keys.Count;

    /// <summary>Imports performed, i.e. cache misses; useful to confirm in measurements that keys are reused.</summary>
    public long Imports { get; private set; }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Clear();
    }

    internal VerificationKey Get(DnskeyRecordData key, ushort keyTag)
    {
        var id = new CacheKey(keyTag, key.Algorithm, key.PublicKey.ToArray());
        if (_keys.TryGetValue(id, out var imported))
        {
            return imported;
        }

        if (_keys.Count >= MaxEntries)
        {
            Dispose();
        }

        imported = VerificationKey.Import(key);
        Imports++;
        _keys.Add(id, imported);
        return imported;
    }

    private readonly struct CacheKey(ushort tag, byte algorithm, byte[] publicKey) : IEquatable<CacheKey>
    {
        private readonly ushort _tag = tag;
        private readonly byte _algorithm = algorithm;
        private readonly byte[] _publicKey = publicKey;

        public bool Equals(CacheKey other) =>
            _tag == other._tag && _algorithm == other._algorithm && _publicKey.AsSpan().SequenceEqual(other._publicKey);

        public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_tag);
            hash.Add(_algorithm);
            hash.AddBytes(_publicKey);
            return hash.ToHashCode();
        }
    }
}
