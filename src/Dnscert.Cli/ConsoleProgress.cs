namespace Dnscert.Cli;

/// <summary>
/// Progress on standard error: a redrawn bar on a terminal, plain lines otherwise (logs, CI, pipes).
/// Hand-written because it is a few lines and must never write escape codes into a pipe. Also compiled into
/// <c>dnscert-traffic</c>, which has no lab: the lab's progress interface is added in ConsoleProgress.Lab.cs.
/// </summary>
public sealed partial class ConsoleProgress(TextWriter error, bool isTerminal)
{
    private const int BarWidth = 30;
    private readonly object _gate = new();
    private int _lastPlainPercent = -1;

    public void Phase(string message)
    {
        lock (_gate)
        {
            error.WriteLine(message);
            _lastPlainPercent = -1;
        }
    }

    public void Advance(int done, int total, string item)
    {
        if (total <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (isTerminal)
            {
                var filled = done * BarWidth / total;
                error.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total} {Truncate(item, 40),-40}");
                if (done == total)
                {
                    error.WriteLine();
                }
            }
            else
            {
                // Plain output: one line per 10 %, not one per item, so logs stay readable.
                var percent = done * 100 / total / 10 * 10;
                if (percent != _lastPlainPercent || done == total)
                {
                    _lastPlainPercent = percent;
                    error.WriteLine($"  {done}/{total} ({item})");
                }
            }
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
