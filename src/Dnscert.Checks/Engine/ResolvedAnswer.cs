using Dnscert.Checks.Messages;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>What <see cref="IterativeResolver.LookupAsync"/> ended with: the last answer (null: nobody answered) and every exchange on the way.</summary>
public sealed record ResolvedAnswer(DnsMessage? Answer, IReadOnlyList<Evidence> Evidence);
