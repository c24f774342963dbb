namespace Dnscert.Lab.Runtime;

/// <summary>What a tool printed and how it exited.</summary>
public sealed record ToolResult(string Tool, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The first lines of standard error (or output when error is empty), for one-line messages.</summary>
    public string ErrorSummary
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError;
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3);
            return string.Join(" | ", lines);
        }
    }
}
