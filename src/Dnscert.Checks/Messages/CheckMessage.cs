using Dnscert.Core;

namespace Dnscert.Checks.Messages;

/// <summary>One finding of one check: a declared tag with its arguments and the evidence behind it.</summary>
public sealed record CheckMessage(string CheckId, string Module, MessageTag Tag, IReadOnlyDictionary<string, string> Arguments, IReadOnlyList<Evidence> Evidence)
{
    public Severity Severity => Tag.Severity;

    public string Text => Tag.Format(Arguments);
}
