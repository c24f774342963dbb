using System.Buffers.Binary;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// The canonical form of RFC 4034 §6: lower-cased owner names, lower-cased names inside the RDATA of the
/// types §6.2 lists (without NSEC, per RFC 6840 §5.1), RRs ordered by their canonical RDATA, and the signed
/// data of an RRSIG (RFC 4034 §3.1.8.1) with the original TTL and the wildcard owner rebuilt from Labels.
/// </summary>
public static class CanonicalForm
{
    // One step of an RDATA layout: a name, a fixed number of octets, or a <character-string>.
    private enum Field
    {
        Name,
        Fixed2,
        Fixed18,
        CharacterString,
    }

    /// <summary>The owner name in wire form with ASCII letters lower-cased.</summary>
    public static byte[] Owner(DomainName name)
    {
        var wire = name.Wire.ToArray();
        LowerInPlace(wire);
        return wire;
    }

    /// <summary>The canonical RDATA of <paramref name="data"/>: uncompressed, embedded names lower-cased where RFC 4034 §6.2 says so.</summary>
    public static byte[] Rdata(RecordData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var wire = CanonicalRdata.Write(data);
        LowerEmbeddedNames(data.Type, wire);
        return wire;
    }

    /// <summary>
    /// Lower-cases the names inside uncompressed RDATA of <paramref name="type"/> in place. Types without
    /// embedded names (and NSEC, whose next name keeps its case since RFC 6840 §5.1) are left as they are.
    /// </summary>
    public static void LowerEmbeddedNames(RRType type, Span<byte> rdata)
    {
        var layout = Layout(type);
        var position = 0;
        foreach (var field in layout)
        {
            switch (field)
            {
                case Field.Name:
                    position = LowerName(rdata, position);
                    break;
                case Field.Fixed2:
                    position += 2;
                    break;
                case Field.Fixed18:
                    position += 18;
                    break;
                case Field.CharacterString:
                    position += 1 + rdata[position];
                    break;
            }

            if (position > rdata.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.RdataLengthMismatch, DnsMnemonics.ToText(type) + " canonical RDATA");
            }
        }
    }

    /// <summary>RFC 4034 §6.3: RDATA compared as left-justified unsigned octet sequences, a missing octet sorting first.</summary>
    public static int CompareRdata(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => left.SequenceCompareTo(right);

    /// <summary>The canonical RDATA of an RRset in canonical order, duplicates removed (RFC 4034 §6.3).</summary>
    public static List<byte[]> SortedRdata(IEnumerable<RecordData> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.Select(Rdata).ToList();
        list.Sort((a, b) => CompareRdata(a, b));
        var unique = new List<byte[]>(list.Count);
        foreach (var rdata in list)
        {
            if (unique.Count == 0 || !unique[^1].AsSpan().SequenceEqual(rdata))
            {
                unique.Add(rdata);
            }
        }

        return unique;
    }

    /// <summary>
    /// The owner the signature was made over (RFC 4035 §5.3.2): the owner itself when <paramref name="labels"/>
    /// equals its label count, or <c>*.</c> plus its rightmost <paramref name="labels"/> labels when fewer.
    /// False when Labels exceeds the owner's count (a leading <c>*</c> label is not counted, RFC 4034 §3.1.3).
    /// </summary>
    public static bool TryGetSignedOwner(DomainName owner, byte labels, out DomainName signedOwner)
    {
        var count = owner.LabelCount;
        var counted = count > 0 && owner.GetLabel(0) is [(byte)'*'] ? count - 1 : count;
        signedOwner = owner;
        if (labels > counted)
        {
            return false;
        }

        if (labels < counted)
        {
            signedOwner = DomainNames.Wildcard(DomainNames.Suffix(owner, labels));
        }

        return true;
    }

    /// <summary>
    /// The octets an RRSIG signs: its RDATA up to and including the lower-cased signer name, then every RR of
    /// the set in canonical form and order with the RRSIG's original TTL. Throws when Labels is too large.
    /// </summary>
    public static byte[] SignedData(Rrset rrset, RrsigRecordData rrsig)
    {
        ArgumentNullException.ThrowIfNull(rrset);
        ArgumentNullException.ThrowIfNull(rrsig);
        if (!TryGetSignedOwner(rrset.Owner, rrsig.Labels, out var signedOwner))
        {
            throw new ArgumentException("The RRSIG Labels field exceeds the owner's label count.", nameof(rrsig));
        }

        var owner = Owner(signedOwner);
        var signer = Owner(rrsig.Signer);
        var rdatas = SortedRdata(rrset.Records);
        var length = 18 + signer.Length + rdatas.Sum(r => owner.Length + 10 + r.Length);
        var output = new byte[length];
        var span = output.AsSpan();
        CanonicalRdata.WriteRrsigHeader(span, rrsig);
        signer.CopyTo(span[18..]);
        var position = 18 + signer.Length;
        foreach (var rdata in rdatas)
        {
            owner.CopyTo(span[position..]);
            position += owner.Length;
            BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)rrset.Type);
            BinaryPrimitives.WriteUInt16BigEndian(span[(position + 2)..], (ushort)rrset.Class);
            BinaryPrimitives.WriteUInt32BigEndian(span[(position + 4)..], rrsig.OriginalTtl);
            BinaryPrimitives.WriteUInt16BigEndian(span[(position + 8)..], checked((ushort)rdata.Length));
            rdata.CopyTo(span[(position + 10)..]);
            position += 10 + rdata.Length;
        }

        return output;
    }

    internal static void LowerInPlace(Span<byte> wire)
    {
        // Length octets are at most 63, below 'A', so folding every octet folds only label octets.
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = DomainName.FoldAscii(wire[i]);
        }
    }

    private static int LowerName(Span<byte> rdata, int position)
    {
        while (position < rdata.Length && rdata[position] != 0)
        {
            var length = rdata[position];
            var end = Math.Min(rdata.Length, position + 1 + length);
            LowerInPlace(rdata[(position + 1)..end]);
            position += 1 + length;
        }

        return position + 1;
    }

    // RFC 4034 §6.2 item 3 as amended by RFC 6840 §5.1 (NSEC removed). HINFO is listed there but holds no
    // names. A6 is left out: it is historic (RFC 6563) and its prefix-length-dependent layout is not decoded.
    private static Field[] Layout(RRType type) => (ushort)type switch
    {
        2 or 3 or 4 or 5 or 7 or 8 or 9 or 12 or 39 => [Field.Name], // NS MD MF CNAME MB MG MR PTR DNAME
        6 or 14 or 17 => [Field.Name, Field.Name], // SOA MINFO RP (the SOA counters follow the names)
        15 or 18 or 21 or 36 => [Field.Fixed2, Field.Name], // MX AFSDB RT KX
        26 => [Field.Fixed2, Field.Name, Field.Name], // PX
        30 => [Field.Name], // NXT
        33 => [Field.Fixed2, Field.Fixed2, Field.Fixed2, Field.Name], // SRV
        35 => [Field.Fixed2, Field.Fixed2, Field.CharacterString, Field.CharacterString, Field.CharacterString, Field.Name], // NAPTR
        24 or 46 => [Field.Fixed18, Field.Name], // SIG RRSIG
        _ => [],
    };
}
