using Dnscert.Core;

namespace Dnscert.Checks.Monitor;

/// <summary>One difference between a zone's confirmed baseline and what a run saw.</summary>
public sealed record BaselineChange(string What, Severity Severity, IReadOnlyList<string> Before, IReadOnlyList<string> After)
{
    public string Describe() =>
        $"{What} changed: before [{string.Join(", ", Before)}], now [{string.Join(", ", After)}]";
}
