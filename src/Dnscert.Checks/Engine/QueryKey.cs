using System.Net;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>
/// What makes two probes of a run the same probe (<see cref="QueryRunner"/> sends each once): the server, the
/// question and the query's shape. A value instead of the recording key's text, because most look-ups find a probe
/// another check already sent, and formatting the text (the address, the name, the type, four flags) for every one
/// of them was a string and a string builder per look-up. The name is compared octet for octet, case included, as
/// the text key did: a mixed-case probe is another probe.
/// </summary>
internal readonly struct QueryKey(IPAddress server, DomainName name, RRType type, QueryKind kind, string? shape = null) : IEquatable<QueryKey>
{
    public IPAddress Server { get; } = server;

    public DomainName Name { get; } = name;

    public RRType Type { get; } = type;

    public QueryKind Kind { get; } = kind;

    /// <summary>A hand-made probe's shape (<see cref="QueryRunner.QueryRawAsync"/>); null otherwise.</summary>
    public string? Shape { get; } = shape;

    public bool Equals(QueryKey other) =>
        Kind == other.Kind && Type == other.Type && Server.Equals(other.Server) && Name.Wire.SequenceEqual(other.Name.Wire)
        && string.Equals(Shape, other.Shape, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is QueryKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Server);
        hash.AddBytes(Name.Wire);
        hash.Add(Type);
        hash.Add(Kind);
        hash.Add(Shape, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}

/// <summary>The shape of a probe besides its question: transport and header bits, or a special kind of exchange.</summary>
[Flags]
internal enum QueryKind
{
    Udp = 0,
    Tcp = 1,
    RecursionDesired = 2,
    Edns = 4,
    DnssecOk = 8,

    /// <summary>NAMESERVER04's probe that takes the answer from any address.</summary>
    AnySource = 16,

    /// <summary>A hand-made probe, named by its shape.</summary>
    Raw = 32,
}
