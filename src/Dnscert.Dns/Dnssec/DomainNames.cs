namespace Dnscert.Dns.Dnssec;

/// <summary>Name arithmetic the proofs need (suffixes, wildcards, common ancestors) over <see cref="DomainName"/>.</summary>
internal static class DomainNames
{
    /// <summary>The rightmost <paramref name="labels"/> labels of <paramref name="name"/>.</summary>
    public static DomainName Suffix(DomainName name, int labels)
    {
        var wire = name.Wire;
        var skip = name.LabelCount - labels;
        if (skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(labels));
        }

        var position = 0;
        for (var i = 0; i < skip; i++)
        {
            position += wire[position] + 1;
        }

        return wire.Length - position == 1 ? DomainName.Root : new DomainName(wire[position..].ToArray());
    }

    /// <summary><c>*.</c> followed by <paramref name="name"/>; throws when the result would be too long.</summary>
    public static DomainName Wildcard(DomainName name)
    {
        var wire = name.Wire;
        if (wire.Length + 2 > DomainName.MaxWireLength)
        {
            throw new ArgumentException("The wildcard name would exceed 255 octets.", nameof(name));
        }

        var output = new byte[wire.Length + 2];
        output[0] = 1;
        output[1] = (byte)'*';
        wire.CopyTo(output.AsSpan(2));
        return new DomainName(output);
    }

    /// <summary>The longest name both <paramref name="a"/> and <paramref name="b"/> are equal to or below.</summary>
    public static DomainName CommonAncestor(DomainName a, DomainName b)
    {
        var common = Math.Min(a.LabelCount, b.LabelCount);
        while (common > 0 && Suffix(a, common) != Suffix(b, common))
        {
            common--;
        }

        return Suffix(a, common);
    }
}
