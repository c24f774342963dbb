using System.Text.Json;
using Dnscert.Traffic.Dnstap;

namespace Dnscert.Traffic.Generator;

/// <summary>
/// <c>dnscert traffic generate</c>: benign resolver traffic for the whole duration with the chosen attacks
/// placed one after another (each in its own slot, lasting a quarter of the slot, at most two minutes), all
/// from the seed, written as pcap or dnstap plus a ground-truth JSON of which attack ran when on which subject.
/// </summary>
public static class TrafficGenerator
{
    /// <summary>Attack names accepted by <see cref="Build"/>, which are also the ids of the detectors that should see them.</summary>
    public static IReadOnlyList<string> Attacks { get; } =
        ["query-flood", "random-subdomain", "amplification", "nxdomain-storm", "cache-poisoning", "dga", "dns-tunnelling"];

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The script for <paramref name="attacks"/> over <paramref name="duration"/> starting at <paramref name="start"/>.</summary>
    public static TrafficScript Build(int seed, DateTimeOffset start, TimeSpan duration, IReadOnlyList<string> attacks, double benignQueriesPerSecond = 100)
    {
        ArgumentNullException.ThrowIfNull(attacks);
        var unknown = attacks.Where(a => !Attacks.Contains(a, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown attack(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Attacks)}.", nameof(attacks));
        }

        var script = new TrafficScript(seed, start).Benign(TimeSpan.Zero, duration, benignQueriesPerSecond);
        if (attacks.Count == 0)
        {
            return script;
        }

        // The first two minutes stay benign so every detector has learned its baselines.
        var warmup = TimeSpan.FromMinutes(Math.Min(2, duration.TotalMinutes / 4));
        var slot = (duration - warmup) / attacks.Count;
        var length = TimeSpan.FromTicks(Math.Min(slot.Ticks / 4, TimeSpan.FromMinutes(2).Ticks));
        for (var i = 0; i < attacks.Count; i++)
        {
            var from = warmup + (slot * i) + (slot / 4);
            _ = attacks[i] switch
            {
                "query-flood" => script.QueryFlood(from, length, 2000),
                "random-subdomain" => script.RandomSubdomain(from, length, 300),
                "amplification" => script.Amplification(from, length, 300),
                "nxdomain-storm" => script.NxdomainStorm(from, length, 300),
                "cache-poisoning" => script.Spoofing(from, length),
                "dga" => script.Dga(from, length, 3),
                _ => script.Tunnelling(from, length, 10),
            };
        }

        return script;
    }

    /// <summary>Writes the script's messages to <paramref name="output"/> in <paramref name="format"/>.</summary>
    public static async Task<int> WriteAsync(TrafficScript script, TrafficGeneratorFormat format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var messages = script.Build();
        if (format == TrafficGeneratorFormat.Pcap)
        {
            using (var pcap = new Writers.PcapWriter(output, Decode.LinkType.Ethernet, leaveOpen: true))
            {
                foreach (var message in messages)
                {
                    pcap.Write(message.Timestamp, Writers.PacketBuilder.UdpFrame(Decode.LinkType.Ethernet, message.Source, message.SourcePort, message.Destination, message.DestinationPort, message.Wire.Span));
                }
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return messages.Count;
        }

        var writer = new FrameStreamWriter(output);
        await writer.WriteControlAsync(FrameStreamControl.Start, FrameStreamReader.DnstapContentType, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await writer.WriteDataAsync(ToDnstap(message), cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteControlAsync(FrameStreamControl.Stop, null, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return messages.Count;
    }

    /// <summary>The ground truth as JSON (attack, detector_id, subject, start, end).</summary>
    public static string GroundTruthJson(TrafficScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return JsonSerializer.Serialize(script.GroundTruth, s_json);
    }

    /// <summary>
    /// The dnstap form of a generated message: traffic to or from the resolver's clients is CLIENT_*, the
    /// resolver's own upstream traffic RESOLVER_*; query_address is always the client side.
    /// </summary>
    public static byte[] ToDnstap(ScriptedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var isResponse = message.Wire.Length > 2 && (message.Wire.Span[2] & 0x80) != 0;
        var client = isResponse ? message.Destination : message.Source;
        var clientPort = isResponse ? message.DestinationPort : message.SourcePort;
        var server = isResponse ? message.Source : message.Destination;
        var serverPort = isResponse ? message.SourcePort : message.DestinationPort;
        var upstream = client == TrafficScript.Resolver;
        var type = (upstream, isResponse) switch
        {
            (true, false) => DnstapMessageType.ResolverQuery,
            (true, true) => DnstapMessageType.ResolverResponse,
            (false, false) => DnstapMessageType.ClientQuery,
            _ => DnstapMessageType.ClientResponse,
        };
        return DnstapCodec.Encode(new DnstapMessage
        {
            Identity = "dnscert-generator",
            Type = type,
            SocketFamily = client.IsIPv6 ? 2 : 1,
            SocketProtocol = 1,
            QueryAddress = AddressBytes(client),
            ResponseAddress = AddressBytes(server),
            QueryPort = clientPort,
            ResponsePort = serverPort,
            QueryTime = isResponse ? null : message.Timestamp,
            ResponseTime = isResponse ? message.Timestamp : null,
            QueryMessage = isResponse ? ReadOnlyMemory<byte>.Empty : message.Wire,
            ResponseMessage = isResponse ? message.Wire : ReadOnlyMemory<byte>.Empty,
        });
    }

    private static byte[] AddressBytes(PacketAddress address)
    {
        var bytes = new byte[address.IsIPv6 ? 16 : 4];
        address.ToIPAddress().TryWriteBytes(bytes, out _);
        return bytes;
    }
}
