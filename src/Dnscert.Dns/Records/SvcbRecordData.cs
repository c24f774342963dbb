using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>
/// SVCB and HTTPS (RFC 9460). Parameters are kept raw; presentation names the keys of RFC 9460 and
/// RFC 9461, and any key whose value does not fit its layout prints as <c>keyNNNNN="..."</c>.
/// </summary>
public sealed class SvcbRecordData : RecordData
{
    public SvcbRecordData(RRType type, ushort priority, DomainName target, IReadOnlyList<SvcParam> parameters)
        : base(type is RRType.SVCB or RRType.HTTPS ? type : throw new ArgumentException("SVCB or HTTPS expected.", nameof(type)))
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Priority = priority;
        Target = target;
        Parameters = [.. parameters.OrderBy(p => p.Key)];
    }

    /// <summary>0 means AliasMode.</summary>
    public ushort Priority { get; }

    public DomainName Target { get; }

    public IReadOnlyList<SvcParam> Parameters { get; }

    /// <summary>
    /// The RFC 9460 presentation; when a value breaks its key's layout (or uses key 65535) there is no typed
    /// spelling that parses back to the same bytes, so the whole record prints in RFC 3597 form.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{Priority} {Target}");
        foreach (var parameter in Parameters)
        {
            builder.Append(' ');
            if (parameter.Key == 65535 || !AppendParameter(builder, parameter.Key, parameter.Value.Span))
            {
                return ToGenericPresentation();
            }
        }

        return builder.ToString();
    }

    internal static SvcbRecordData Read(ref RdataReader reader, RRType type)
    {
        var priority = reader.ReadUInt16();
        var target = reader.ReadName();
        var parameters = new List<SvcParam>();
        while (reader.Remaining > 0)
        {
            var key = reader.ReadUInt16();
            var length = reader.ReadUInt16();
            parameters.Add(new SvcParam(key, reader.ReadBytes(length)));
        }

        return new SvcbRecordData(type, priority, target, parameters);
    }

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteName(Target, false);
        foreach (var parameter in Parameters)
        {
            writer.WriteUInt16(parameter.Key);
            writer.WriteUInt16(checked((ushort)parameter.Value.Length));
            writer.WriteBytes(parameter.Value.Span);
        }
    }

    private static string KeyName(ushort key) => key switch
    {
        SvcParam.Mandatory => "mandatory",
        SvcParam.Alpn => "alpn",
        SvcParam.NoDefaultAlpn => "no-default-alpn",
        SvcParam.Port => "port",
        SvcParam.Ipv4Hint => "ipv4hint",
        SvcParam.Ech => "ech",
        SvcParam.Ipv6Hint => "ipv6hint",
        SvcParam.DohPath => "dohpath",
        SvcParam.Ohttp => "ohttp",
        _ => "key" + key.ToString(CultureInfo.InvariantCulture),
    };

    private static bool AppendParameter(StringBuilder builder, ushort key, ReadOnlySpan<byte> value)
    {
        builder.Append(KeyName(key));
        var typed = key switch
        {
            SvcParam.Mandatory => AppendMandatory(builder, value),
            SvcParam.Alpn => AppendAlpn(builder, value),
            SvcParam.NoDefaultAlpn or SvcParam.Ohttp => value.IsEmpty,
            SvcParam.Port when value.Length == 2 => Append(builder, BinaryPrimitives.ReadUInt16BigEndian(value).ToString(CultureInfo.InvariantCulture)),
            SvcParam.Ipv4Hint => AppendAddresses(builder, value, 4),
            SvcParam.Ipv6Hint => AppendAddresses(builder, value, 16),
            SvcParam.Ech when !value.IsEmpty => Append(builder, Convert.ToBase64String(value)),
            SvcParam.DohPath when !value.IsEmpty => AppendQuotedValue(builder, value),
            _ when key > SvcParam.Ohttp => value.IsEmpty || AppendQuotedValue(builder, value),
            _ => false,
        };
        return typed;
    }

    private static bool Append(StringBuilder builder, string text)
    {
        builder.Append('=').Append(text);
        return true;
    }

    private static bool AppendQuotedValue(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        builder.Append('=');
        PresentationText.AppendQuoted(builder, value);
        return true;
    }

    private static bool AppendMandatory(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length % 2 != 0)
        {
            return false;
        }

        builder.Append('=');
        for (var i = 0; i < value.Length; i += 2)
        {
            var key = BinaryPrimitives.ReadUInt16BigEndian(value[i..]);
            if (key == 65535)
            {
                return false;
            }

            builder.Append(i == 0 ? string.Empty : ",").Append(KeyName(key));
        }

        return true;
    }

    private static bool AppendAlpn(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        var scratch = new StringBuilder();
        var position = 0;
        while (position < value.Length)
        {
            var length = value[position];
            if (length == 0 || position + 1 + length > value.Length)
            {
                return false;
            }

            scratch.Append(position == 0 ? string.Empty : ",");
            PresentationText.AppendEscaped(scratch, value.Slice(position + 1, length), escapeComma: true);
            position += 1 + length;
        }

        builder.Append("=\"").Append(scratch).Append('"');
        return !value.IsEmpty;
    }

    private static bool AppendAddresses(StringBuilder builder, ReadOnlySpan<byte> value, int size)
    {
        if (value.IsEmpty || value.Length % size != 0)
        {
            return false;
        }

        builder.Append('=');
        for (var i = 0; i < value.Length; i += size)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(new IPAddress(value.Slice(i, size)));
        }

        return true;
    }
}
