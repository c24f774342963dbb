using System.Text;

namespace Dnscert.Dns;

/// <summary>
/// A domain name held as its uncompressed wire form with the original case.
/// </summary>
/// <remarks>
/// A readonly struct over one byte array rather than a class: names are created by the million in bulk
/// paths and live in dictionaries and records, so the wrapper object would double the allocations and
/// add a pointer hop; value semantics also match how names are compared. <c>default</c> is the root.
/// Equality and hashing fold ASCII letters only (RFC 4343): other octets are compared as they are.
/// </remarks>
public readonly struct DomainName : IEquatable<DomainName>, IComparable<DomainName>
{
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    private static readonly byte[] s_rootWire = [0];

    // Null means root, so default(DomainName) is a valid value.
    private readonly byte[]? _wire;

    internal DomainName(byte[] wire) => _wire = wire;

    public static DomainName Root => default;

    /// <summary>The uncompressed wire form, ending with the zero-length root label.</summary>
    public ReadOnlySpan<byte> Wire => _wire ?? s_rootWire;

    public int WireLength => Wire.Length;

    public bool IsRoot => Wire.Length == 1;

    /// <summary>Labels, not counting the root: <c>www.example.</c> has 2.</summary>
    public int LabelCount
    {
        get
        {
            var wire = Wire;
            var count = 0;
            for (var i = 0; wire[i] != 0; i += wire[i] + 1)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>The name without its first label. The root has no parent.</summary>
    public DomainName Parent
    {
        get
        {
            var wire = Wire;
            if (wire.Length == 1)
            {
                throw new InvalidOperationException("The root name has no parent.");
            }

            var rest = wire[(wire[0] + 1)..];
            return rest.Length == 1 ? Root : new DomainName(rest.ToArray());
        }
    }

    public static bool operator ==(DomainName left, DomainName right) => left.Equals(right);

    public static bool operator !=(DomainName left, DomainName right) => !left.Equals(right);

    public static bool operator <(DomainName left, DomainName right) => left.CompareTo(right) < 0;

    public static bool operator >(DomainName left, DomainName right) => left.CompareTo(right) > 0;

    public static bool operator <=(DomainName left, DomainName right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DomainName left, DomainName right) => left.CompareTo(right) >= 0;

    /// <summary>Parses presentation text; every name is taken as absolute, with or without the final dot.</summary>
    public static DomainName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DomainNameText.Parse(text.AsSpan());
    }

    public static bool TryParse(string? text, out DomainName name)
    {
        name = default;
        if (text is null)
        {
            return false;
        }

        try
        {
            name = DomainNameText.Parse(text.AsSpan());
            return true;
        }
        catch (DnsFormatException)
        {
            return false;
        }
    }

    /// <summary>Builds a name from an uncompressed wire form, checking every rule the reader checks.</summary>
    public static DomainName FromWire(ReadOnlySpan<byte> wire)
    {
        var length = DnsNameReader.Measure(wire, 0, ParseLimits.Default, "name", out var end);
        if (end != wire.Length)
        {
            throw new DnsFormatException(end, DnsFormatError.InvalidField, "name (bytes after the root label)");
        }

        return length == 1 ? Root : new DomainName(wire.ToArray());
    }

    /// <summary>True when the first label is <c>*</c> (RFC 4592).</summary>
    public bool IsWildcard => Wire.Length > 2 && Wire[0] == 1 && Wire[1] == (byte)'*';

    /// <summary>The name with a label added on the left, e.g. <c>_dmarc</c> + <c>example.</c>.</summary>
    public DomainName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength)
        {
            throw new ArgumentException("A label holds 1 to 63 octets.", nameof(label));
        }

        var wire = Wire;
        if (wire.Length + label.Length + 1 > MaxWireLength)
        {
            throw new ArgumentException("The name would exceed 255 octets.", nameof(label));
        }

        var bytes = new byte[wire.Length + label.Length + 1];
        bytes[0] = (byte)label.Length;
        label.CopyTo(bytes.AsSpan(1));
        wire.CopyTo(bytes.AsSpan(label.Length + 1));
        return new DomainName(bytes);
    }

    /// <summary>The name with ASCII letters lower-cased: the canonical form of RFC 4034 §6.2.</summary>
    public DomainName ToCanonical()
    {
        var wire = Wire;
        if (wire.IndexOfAnyInRange((byte)'A', (byte)'Z') < 0)
        {
            return this;
        }

        var bytes = wire.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = FoldAscii(bytes[i]);
        }

        return new DomainName(bytes);
    }

    /// <summary>The octets of label <paramref name="index"/> counted from the left.</summary>
    public ReadOnlySpan<byte> GetLabel(int index)
    {
        var wire = Wire;
        var position = 0;
        for (var i = 0; i < index; i++)
        {
            if (wire[position] == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            position += wire[position] + 1;
        }

        if (wire[position] == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return wire.Slice(position + 1, wire[position]);
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsSubdomainOf(DomainName ancestor)
    {
        var wire = Wire;
        var other = ancestor.Wire;
        var skip = wire.Length - other.Length;
        if (skip < 0)
        {
            return false;
        }

        // The suffix must start on a label boundary, not inside a label's octets.
        var position = 0;
        while (position < skip)
        {
            position += wire[position] + 1;
        }

        return position == skip && AsciiFoldEquals(wire[skip..], other);
    }

    /// <summary>Writes the uncompressed wire form; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Wire.CopyTo(destination);
        return Wire.Length;
    }

    public bool Equals(DomainName other) => AsciiFoldEquals(Wire, other.Wire);

    public override bool Equals(object? obj) => obj is DomainName other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var b in Wire)
        {
            hash.Add(FoldAscii(b));
        }

        return hash.ToHashCode();
    }

    /// <summary>Canonical DNS order (RFC 4034 §6.1): labels compared right to left as lower-cased octets.</summary>
    public int CompareTo(DomainName other)
    {
        Span<byte> mine = stackalloc byte[128];
        Span<byte> theirs = stackalloc byte[128];
        var a = Wire;
        var b = other.Wire;
        var countA = LabelStarts(a, mine);
        var countB = LabelStarts(b, theirs);
        for (int i = countA - 1, j = countB - 1; i >= 0 && j >= 0; i--, j--)
        {
            var labelA = a.Slice(mine[i] + 1, a[mine[i]]);
            var labelB = b.Slice(theirs[j] + 1, b[theirs[j]]);
            var common = Math.Min(labelA.Length, labelB.Length);
            for (var k = 0; k < common; k++)
            {
                var diff = FoldAscii(labelA[k]) - FoldAscii(labelB[k]);
                if (diff != 0)
                {
                    return diff;
                }
            }

            if (labelA.Length != labelB.Length)
            {
                return labelA.Length - labelB.Length;
            }
        }

        return countA - countB;
    }

    /// <summary>Presentation form with a final dot; special and non-printable octets are escaped.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Wire.Length + 8);
        DomainNameText.Append(builder, Wire);
        return builder.ToString();
    }

    internal static byte FoldAscii(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    // Length octets are at most 63, below 'A', so folding the whole wire form folds only label octets.
    internal static bool AsciiFoldEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && FoldAscii(a[i]) != FoldAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int LabelStarts(ReadOnlySpan<byte> wire, Span<byte> starts)
    {
        var count = 0;
        for (var i = 0; wire[i] != 0; i += wire[i] + 1)
        {
            starts[count++] = (byte)i;
        }

        return count;
    }
}
