using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>The result of checking one zone: the facts, every message, and how long it took.</summary>
public sealed record CheckRun(DomainName Zone, ZoneFacts Facts, IReadOnlyList<CheckMessage> Messages, DateTimeOffset Started, TimeSpan Elapsed, int Queries);
