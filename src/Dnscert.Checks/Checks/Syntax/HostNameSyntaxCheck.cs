using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Dns;

namespace Dnscert.Checks.Syntax;

/// <summary>
/// What SYNTAX04 (NS names), SYNTAX07 (SOA MNAME) and SYNTAX08 (MX names) share: each judges host names by
/// <see cref="HostNameRules"/> and reports them under its own tag prefix.
/// </summary>
public abstract class HostNameSyntaxCheck : CheckBase
{
    public override string Module => "Syntax";

    protected abstract MessageTag NonAllowedChars { get; }

    protected abstract MessageTag DiscouragedDoubleDash { get; }

    protected abstract MessageTag NumericTld { get; }

    protected abstract MessageTag SyntaxOk { get; }

    /// <summary>
    /// Findings for each name. The *_SYNTAX_OK tags are emitted (one per name, as Zonemaster does) only when
    /// no name has a finding, so an OK never stands next to a fault of the same kind.
    /// </summary>
    protected IEnumerable<CheckMessage> JudgeNames(IEnumerable<(DomainName Name, IReadOnlyList<Evidence> Evidence)> names)
    {
        var messages = new List<CheckMessage>();
        var list = names.ToList();
        foreach (var (name, evidence) in list)
        {
            var findings = HostNameRules.Judge(name);
            if (findings.NonAllowedCharacters)
            {
                messages.Add(Emit(NonAllowedChars, evidence, ("domain", name)));
            }

            foreach (var label in findings.DoubleDashLabels)
            {
                messages.Add(Emit(DiscouragedDoubleDash, evidence, ("label", label), ("domain", name)));
            }

            if (findings.NumericTld is { } tld)
            {
                messages.Add(Emit(NumericTld, evidence, ("tld", tld), ("domain", name)));
            }
        }

        if (messages.Count == 0)
        {
            messages.AddRange(list.Select(n => Emit(SyntaxOk, null, ("domain", n.Name))));
        }

        return messages;
    }
}
