using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks;

/// <summary>
/// A check: pure evaluation of facts the engine gathered (no I/O, no clock, no state), so every message is
/// explained by the evidence in <see cref="ZoneFacts"/>.
/// </summary>
public interface ICheck
{
    /// <summary>Zonemaster's test-case id where the meaning is the same, e.g. DELEGATION01.</summary>
    string Id { get; }

    string Module { get; }

    IReadOnlyList<MessageTag> Tags { get; }

    IEnumerable<CheckMessage> Evaluate(ZoneFacts facts);
}
