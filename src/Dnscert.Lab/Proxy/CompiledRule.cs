using System.Net;

namespace Dnscert.Lab.Proxy;

/// <summary>A validated <see cref="FaultRule"/> in the form the hot path wants.</summary>
internal sealed class CompiledRule
{
    private CompiledRule(FaultKind kind, bool udp, bool tcp, HashSet<ushort> qtypes, string? qname, byte[][] records)
    {
        Kind = kind;
        Udp = udp;
        Tcp = tcp;
        QTypes = qtypes;
        QName = qname;
        Records = records;
    }

    public FaultKind Kind { get; }

    public bool Udp { get; }

    public bool Tcp { get; }

    public HashSet<ushort> QTypes { get; }

    public string? QName { get; }

    public byte[][] Records { get; }

    /// <summary>A TCP rule without qtype or name filter can act before any query is read.</summary>
    public bool IsUnconditional => QTypes.Count == 0 && QName is null;

    public bool Matches(in ProxyQuery query, bool tcp) =>
        (tcp ? Tcp : Udp)
        && (QTypes.Count == 0 || QTypes.Contains(query.QType))
        && (QName is null || string.Equals(QName, query.QName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Validates an endpoint and compiles its rules; errors name the field under <paramref name="path"/>.</summary>
    public static CompiledRule[] CompileEndpoint(ProxyEndpoint endpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Listen is null)
        {
            throw new ProxyConfigException($"{path}.listen", "A listen endpoint is required.");
        }

        // Test equipment must never answer or send to anything but this machine.
        if (!IPAddress.IsLoopback(endpoint.Listen.Address))
        {
            throw new ProxyConfigException($"{path}.listen", $"{endpoint.Listen} is not a loopback address (127.0.0.0/8 or ::1).");
        }

        if (endpoint.Backend is not null && (!IPAddress.IsLoopback(endpoint.Backend.Address) || endpoint.Backend.Port == 0))
        {
            throw new ProxyConfigException($"{path}.backend", $"{endpoint.Backend} is not a loopback address with a port.");
        }

        if (endpoint.OneWayDelay < TimeSpan.Zero || endpoint.OneWayDelay > TimeSpan.FromSeconds(30))
        {
            throw new ProxyConfigException($"{path}.oneWayDelay", $"{endpoint.OneWayDelay} is outside 0 to 30 seconds.");
        }

        var faults = endpoint.Faults ?? [];
        var rules = new CompiledRule[faults.Count];
        for (var i = 0; i < faults.Count; i++)
        {
            rules[i] = Compile(faults[i], $"{path}.faults[{i}]");
        }

        return rules;
    }

    private static CompiledRule Compile(FaultRule rule, string path)
    {
        if (rule is null)
        {
            throw new ProxyConfigException(path, "A fault rule is null.");
        }

        if (!Enum.IsDefined(rule.Kind))
        {
            throw new ProxyConfigException($"{path}.kind", $"'{rule.Kind}' is not a fault kind.");
        }

        var (udp, tcp) = (rule.Transport ?? "both").ToUpperInvariant() switch
        {
            "UDP" => (true, false),
            "TCP" => (false, true),
            "BOTH" => (true, true),
            _ => throw new ProxyConfigException($"{path}.transport", $"'{rule.Transport}' is not one of udp, tcp, both."),
        };

        // Some kinds only mean something on one transport, whatever the rule says.
        switch (rule.Kind)
        {
            case FaultKind.DropTcp or FaultKind.SlowDripTcp:
                udp = false;
                break;
            case FaultKind.TruncateUdp or FaultKind.OversizedUdp or FaultKind.AnswerFromOtherAddress:
                tcp = false;
                break;
        }

        if (!udp && !tcp)
        {
            throw new ProxyConfigException($"{path}.transport", $"{rule.Kind} never applies on transport '{rule.Transport}'.");
        }

        var qtypes = new HashSet<ushort>();
        var ruleQTypes = rule.QTypes ?? [];
        for (var i = 0; i < ruleQTypes.Count; i++)
        {
            if (!ProxyWire.TryParseType(ruleQTypes[i] ?? string.Empty, out var type))
            {
                throw new ProxyConfigException($"{path}.qtypes[{i}]", $"'{ruleQTypes[i]}' is not a known type mnemonic or TYPEnnn.");
            }

            qtypes.Add(type);
        }

        string? qname = null;
        if (rule.QName is not null)
        {
            try
            {
                _ = ProxyWire.EncodeName(rule.QName);
            }
            catch (FormatException ex)
            {
                throw new ProxyConfigException($"{path}.qname", ex.Message, ex);
            }

            qname = rule.QName;
        }

        var ruleRecords = rule.Records ?? [];
        if (rule.Kind == FaultKind.AddAnswer && ruleRecords.Count == 0)
        {
            throw new ProxyConfigException($"{path}.records", "AddAnswer needs at least one record.");
        }

        if (rule.Kind != FaultKind.AddAnswer && ruleRecords.Count > 0)
        {
            throw new ProxyConfigException($"{path}.records", $"Records are used by AddAnswer only, not by {rule.Kind}.");
        }

        var records = new byte[ruleRecords.Count][];
        for (var i = 0; i < ruleRecords.Count; i++)
        {
            try
            {
                records[i] = ProxyWire.ParseRecord(ruleRecords[i] ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw new ProxyConfigException($"{path}.records[{i}]", ex.Message, ex);
            }
        }

        return new CompiledRule(rule.Kind, udp, tcp, qtypes, qname, records);
    }
}
