using Dnscert.Core;

namespace Dnscert.Checks.Messages;

/// <summary>One finding of one check: a declared tag with its arguments and the evidence behind it.</summary>
public sealed record CheckMessage(string CheckId, string Module, MessageTag Tag, IReadOnlyDictionary<string, string> Arguments, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>The tag's default severity, unless a profile changed it for this run.</summary>
    public Severity Severity => SeverityOverride ?? Tag.Severity;

    /// <summary>Set by a <see cref="Engine.CheckProfile"/> that changes the tag's severity.</summary>
    public Severity? SeverityOverride { get; init; }

    public string Text => Tag.Format(Arguments);
}
