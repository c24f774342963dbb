using System.Globalization;

namespace Dnscert.Dns.Zone;

/// <summary>Owner and directive names: <c>@</c>, absolute, or relative to the origin.</summary>
internal static class ZoneNames
{
    /// <summary>Resolves <paramref name="text"/> against <paramref name="origin"/>; throws DnsFormatException.</summary>
    public static DomainName Resolve(ReadOnlySpan<char> text, DomainName origin)
    {
        if (text is "@")
        {
            return origin;
        }

        var name = DomainNameText.Parse(text);
        return IsAbsolute(text) ? name : Concat(name, origin);
    }

    public static string Describe(DnsFormatException ex) => ex.Error switch
    {
        DnsFormatError.EmptyLabel => "it has an empty label",
        DnsFormatError.LabelTooLong => "a label is longer than 63 octets",
        DnsFormatError.NameTooLong => "it is longer than 255 octets",
        DnsFormatError.InvalidEscape => "an escape is not \\X or \\DDD with DDD at most 255",
        _ => ex.Field,
    };

    public static bool IsAbsolute(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || text[^1] != '.')
        {
            return false;
        }

        // "a\." ends with an escaped dot, which belongs to the label, not the root.
        var backslashes = 0;
        for (var i = text.Length - 2; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    private static DomainName Concat(DomainName relative, DomainName origin)
    {
        var wire = relative.Wire;
        var total = wire.Length - 1 + origin.WireLength;
        if (total > DomainName.MaxWireLength)
        {
            throw new DnsFormatException(0, DnsFormatError.NameTooLong, string.Create(CultureInfo.InvariantCulture, $"name (with the origin {origin})"));
        }

        var bytes = new byte[total];
        wire[..^1].CopyTo(bytes);
        origin.Wire.CopyTo(bytes.AsSpan(wire.Length - 1));
        return new DomainName(bytes);
    }
}
