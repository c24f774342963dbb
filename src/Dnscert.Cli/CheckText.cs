using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;
using Dnscert.Core;

namespace Dnscert.Cli;

/// <summary>Human output of a check run: grouped by module, counts per severity, colour on a terminal.</summary>
internal static class CheckText
{
    public static async Task WriteAsync(TextWriter output, CheckRun run, Severity minimum, bool colour, MessageTexts texts)
    {
        await output.WriteLineAsync(CheckCommand.Invariant($"Zone {run.Zone}: {run.Messages.Count} messages from {run.Queries} queries in {run.Elapsed.TotalSeconds:0.00} s.")).ConfigureAwait(false);
        foreach (var module in run.Messages.Where(m => m.Severity >= minimum).GroupBy(m => m.Module))
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(module.Key).ConfigureAwait(false);
            foreach (var m in module.OrderByDescending(m => m.Severity))
            {
                var label = $"{m.Severity.ToString().ToUpperInvariant(),-8}";
                await output.WriteLineAsync($"  {Paint(label, m.Severity, colour)} {m.Tag.Name}: {texts.Text(m)}").ConfigureAwait(false);
                if (texts.Advice(m.Tag) is { } advice && m.Severity >= Severity.Warning)
                {
                    await output.WriteLineAsync($"           advice: {advice}").ConfigureAwait(false);
                }

                foreach (var e in m.Evidence.Take(3))
                {
                    await output.WriteLineAsync($"           evidence: {e.Query} {e.Transport} @{e.Server} ({e.Address}) -> {e.Outcome}").ConfigureAwait(false);
                }
            }
        }

        var counts = Enum.GetValues<Severity>().Reverse().Select(s => $"{s.ToString().ToLowerInvariant()} {run.Messages.Count(m => m.Severity == s)}");
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Counts: " + string.Join(", ", counts)).ConfigureAwait(false);
    }

    private static string Paint(string text, Severity severity, bool colour) => !colour ? text : severity switch
    {
        Severity.Critical or Severity.Error => $"\u001b[31m{text}\u001b[0m",
        Severity.Warning => $"\u001b[33m{text}\u001b[0m",
        Severity.Notice => $"\u001b[36m{text}\u001b[0m",
        _ => text,
    };
}
