using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks;

/// <summary>Shared plumbing for checks: building messages that name only declared tags.</summary>
public abstract class CheckBase : ICheck
{
    public abstract string Id { get; }

    public abstract string Module { get; }

    public abstract IReadOnlyList<MessageTag> Tags { get; }

    public abstract IEnumerable<CheckMessage> Evaluate(ZoneFacts facts);

    protected CheckMessage Emit(MessageTag tag, IEnumerable<Evidence>? evidence = null, params (string Name, object Value)[] arguments)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!Tags.Contains(tag))
        {
            throw new InvalidOperationException($"{Id} emitted {tag.Name}, which it does not declare.");
        }

        var args = arguments.ToDictionary(a => a.Name, a => Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
        return new CheckMessage(Id, Module, tag, args, [.. evidence ?? []]);
    }
}
