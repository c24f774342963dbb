namespace Dnscert.Cli;

/// <summary>What a command handler needs from its host: where to write, and the clock.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider Time { get; } = timeProvider;

    /// <summary>True when standard error is an interactive terminal (progress bars), false for pipes and files.</summary>
    public bool ErrorIsTerminal { get; init; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
}
