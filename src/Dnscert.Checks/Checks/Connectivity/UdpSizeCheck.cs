using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Connectivity;

/// <summary>
/// CONNECTIVITY05 (dnscert's own): are UDP answers sized as the protocol demands? An answer over UDP must fit
/// the size the query advertised (RFC 6891), and a small answer must not be truncated for no reason.
/// </summary>
public sealed class UdpSizeCheck : CheckBase
{
    /// <summary>The EDNS UDP payload size the engine's queries advertise (DNS Flag Day 2020).</summary>
    public const int AdvertisedUdpSize = 1232;

    public static readonly MessageTag Oversized = new("OVERSIZED_UDP_ANSWER", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} sends a {size}-octet UDP answer to a query that allowed {allowed}.", "Such answers are fragmented or dropped on the way; the server must truncate instead.");
    public static readonly MessageTag TruncatedUdp = new("TRUNCATED_UDP_ANSWER", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} truncates a {tcp_size}-octet SOA answer over UDP although it fits in {allowed} octets.", "Every client must then retry over TCP; answer small queries over UDP.");

    public override string Id => "CONNECTIVITY05";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Oversized, TruncatedUdp];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            if (s.SoaUdp is ExchangeAnswered udp && udp.Response.Length > AdvertisedUdpSize)
            {
                yield return Emit(Oversized, [s.EvidenceOf(s.SoaUdp)], ("ns", s.Server), ("size", udp.Response.Length), ("allowed", AdvertisedUdpSize));
            }

            if (s.SoaUdp is ExchangeAnswered { Message.IsTruncated: true } && s.SoaTcp is ExchangeAnswered tcp && tcp.Response.Length <= AdvertisedUdpSize)
            {
                yield return Emit(TruncatedUdp, [s.EvidenceOf(s.SoaUdp), s.EvidenceOf(s.SoaTcp)], ("ns", s.Server), ("tcp_size", tcp.Response.Length), ("allowed", AdvertisedUdpSize));
            }
        }
    }
}
