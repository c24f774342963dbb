using System.Buffers;
using System.Security.Cryptography;

namespace Dnscert.Dns.Wire;

/// <summary>
/// What to ask: one question plus header bits and EDNS. Writing it allocates nothing, so a prober can keep
/// one instance per probe and write it into pooled buffers.
/// </summary>
public sealed record DnsQuery(DomainName Name, RRType Type, RRClass Class = RRClass.IN)
{
    /// <summary>Room for the largest name plus header, question and a generous OPT record.</summary>
    public const int TypicalMaxLength = 512;

    public ushort Id { get; init; }

    public bool RecursionDesired { get; init; }

    public bool CheckingDisabled { get; init; }

    public bool AuthenticData { get; init; }

    public DnsOpcode Opcode { get; init; } = DnsOpcode.Query;

    /// <summary>Null sends no OPT record.</summary>
    public EdnsQueryOptions? Edns { get; init; }

    /// <summary>A copy with a fresh random ID from <see cref="RandomNumberGenerator"/>.</summary>
    public DnsQuery WithRandomId()
    {
        Span<byte> id = stackalloc byte[2];
        RandomNumberGenerator.Fill(id);
        return this with { Id = (ushort)((id[0] << 8) | id[1]) };
    }

    public int WriteTo(Span<byte> destination)
    {
        var writer = new DnsMessageWriter(destination, compress: false);
        var flags = DnsHeaderBits.None;
        if (RecursionDesired)
        {
            flags |= DnsHeaderBits.RecursionDesired;
        }

        if (CheckingDisabled)
        {
            flags |= DnsHeaderBits.CheckingDisabled;
        }

        if (AuthenticData)
        {
            flags |= DnsHeaderBits.AuthenticData;
        }

        writer.WriteHeader(Id, flags, Opcode);
        writer.AddQuestion(Name, Type, Class);
        if (Edns is not null)
        {
            writer.AddOpt(Edns.UdpPayloadSize, Edns.DnssecOk, Edns.Options, Edns.Version);
        }

        return writer.Finish();
    }

    /// <summary>The exact length <see cref="WriteTo(Span{byte})"/> will write.</summary>
    public int Length
    {
        get
        {
            var length = DnsMessage.HeaderLength + Name.WireLength + 4;
            if (Edns is not null)
            {
                length += 11;
                for (var i = 0; i < Edns.Options.Count; i++)
                {
                    length += 4 + Edns.Options[i].Data.Length;
                }
            }

            return length;
        }
    }

    public int WriteTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var length = WriteTo(destination.GetSpan(Length));
        destination.Advance(length);
        return length;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }
}
