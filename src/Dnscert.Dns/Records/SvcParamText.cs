using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dnscert.Dns.Records;

/// <summary>SVCB/HTTPS parameters from presentation text (RFC 9460 §2.1 and Appendix A).</summary>
internal static class SvcParamText
{
    public static List<SvcParam> ParseAll(PresentationReader r)
    {
        var parameters = new List<SvcParam>();
        while (!r.AtEnd)
        {
            var (name, value, at) = r.KeyValue("SvcParam");
            var key = Key(r, name, at);
            if (parameters.Exists(p => p.Key == key))
            {
                throw r.Error($"SvcParam ({name} appears twice)", at);
            }

            parameters.Add(new SvcParam(key, Encode(r, key, name, value, at)));
        }

        return parameters;
    }

    private static ushort Key(PresentationReader r, string name, int at) => name switch
    {
        "mandatory" => SvcParam.Mandatory,
        "alpn" => SvcParam.Alpn,
        "no-default-alpn" => SvcParam.NoDefaultAlpn,
        "port" => SvcParam.Port,
        "ipv4hint" => SvcParam.Ipv4Hint,
        "ech" => SvcParam.Ech,
        "ipv6hint" => SvcParam.Ipv6Hint,
        "dohpath" => SvcParam.DohPath,
        "ohttp" => SvcParam.Ohttp,
        _ when name.StartsWith("key", StringComparison.Ordinal) && name.Length > 3
            && ushort.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number != 65535 => number,
        _ => throw r.Error($"SvcParam ({name} is not a key)", at),
    };

    private static byte[] Encode(PresentationReader r, ushort key, string name, byte[]? value, int at)
    {
        if (key is SvcParam.NoDefaultAlpn or SvcParam.Ohttp)
        {
            return value is null or [] ? [] : throw r.Error($"SvcParam ({name} takes no value)", at);
        }

        if (value is null && key <= SvcParam.DohPath)
        {
            throw r.Error($"SvcParam ({name} needs a value)", at);
        }

        value ??= [];
        var items = key is SvcParam.Mandatory or SvcParam.Alpn or SvcParam.Ipv4Hint or SvcParam.Ipv6Hint ? SplitList(value) : [];
        switch (key)
        {
            case SvcParam.Mandatory:
                return [.. items.SelectMany(item => BigEndian(Key(r, System.Text.Encoding.ASCII.GetString(item), at)))];
            case SvcParam.Alpn:
                return items.Exists(i => i.Length is 0 or > 255)
                    ? throw r.Error("SvcParam (alpn ids are 1 to 255 octets)", at)
                    : [.. items.SelectMany(item => new[] { (byte)item.Length }.Concat(item))];
            case SvcParam.Port:
                return ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? BigEndian(port)
                    : throw r.Error("SvcParam (port is a number from 0 to 65535)", at);
            case SvcParam.Ipv4Hint or SvcParam.Ipv6Hint:
                var family = key == SvcParam.Ipv4Hint ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                return [.. items.SelectMany(item =>
                    IPAddress.TryParse(System.Text.Encoding.ASCII.GetString(item), out var address) && address.AddressFamily == family
                        ? address.GetAddressBytes()
                        : throw r.Error($"SvcParam ({name} needs {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} addresses)", at))];
            case SvcParam.Ech:
                var buffer = new byte[value.Length];
                return Convert.TryFromBase64Chars(System.Text.Encoding.ASCII.GetString(value), buffer, out var written) && written > 0
                    ? buffer[..written]
                    : throw r.Error("SvcParam (ech is base64)", at);
            default:
                return value;
        }
    }

    // RFC 9460 Appendix A.1: after character-string unescaping, "\," is a literal comma and "," separates items.
    private static List<byte[]> SplitList(byte[] value)
    {
        var items = new List<byte[]>();
        var current = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == (byte)'\\' && i + 1 < value.Length)
            {
                current.Add(value[++i]);
            }
            else if (value[i] == (byte)',')
            {
                items.Add([.. current]);
                current.Clear();
            }
            else
            {
                current.Add(value[i]);
            }
        }

        items.Add([.. current]);
        return items;
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
