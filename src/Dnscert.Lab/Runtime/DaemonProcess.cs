using System.Diagnostics;
using System.Globalization;
using Dnscert.Core;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// Starts programs that must outlive the command that started them, with standard streams sent to a log
/// file (so no pipe of ours stays open in them), and stops them by pid after checking that the pid still
/// belongs to a process of this lab (its command line names the lab's state folder).
/// </summary>
public static class DaemonProcess
{
    /// <summary>Runs a program that puts itself in the background and writes its pid file.</summary>
    public static async Task StartSelfDaemonizingAsync(IReadOnlyList<string> command, string logFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await ToolRunner.RunAsync("/bin/sh", ["-c", "exec \"$@\" </dev/null >>\"$LAB_LOG\" 2>&1", "sh", .. command], timeout: TimeSpan.FromSeconds(30), cancellationToken: ct, environment: new() { ["LAB_LOG"] = logFile }).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new DnscertException($"'{string.Join(' ', command)}' failed to start (exit code {result.ExitCode}): {LastLines(logFile)} {ToolRunner.InstallHint(command[0])}");
        }
    }

    public static int? ReadPidFile(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> is alive and its command line mentions <paramref name="marker"/>.</summary>
    public static bool IsOurs(int pid, string marker)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var zombie = stat.Length > stat.LastIndexOf(')') + 2 && stat[stat.LastIndexOf(')') + 2] == 'Z';
            return !zombie && cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every live process whose command line mentions the marker (the lab's state folder).</summary>
    public static IReadOnlyList<int> FindByMarker(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && IsOurs(pid, marker))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period; returns true when the process is gone.</summary>
    public static async Task<bool> StopAsync(int pid, TimeSpan grace, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return true;
        }

        using (process)
        {
            Signal(pid, "TERM");
            var deadline = time.GetUtcNow() + grace;
            while (time.GetUtcNow() < deadline)
            {
                if (!File.Exists($"/proc/{pid}/cmdline") || IsZombie(pid))
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(25), time, ct).ConfigureAwait(false);
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            return true;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var at = stat.LastIndexOf(')');
            return at + 2 < stat.Length && stat[at + 2] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit();
    }

    public static string LastLines(string path, int count = 3)
    {
        try
        {
            return string.Join(" | ", File.ReadLines(path).TakeLast(count));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
