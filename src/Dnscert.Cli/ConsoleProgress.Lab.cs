using Dnscert.Lab.Control;

namespace Dnscert.Cli;

/// <summary>The lab reports its progress through the same console progress (kept apart: <c>dnscert-traffic</c> has no lab).</summary>
public sealed partial class ConsoleProgress : ILabProgress
{
}
