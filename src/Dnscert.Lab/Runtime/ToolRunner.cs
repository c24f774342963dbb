using System.ComponentModel;
using System.Diagnostics;
using Dnscert.Core;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// Runs the real tools the lab is built from (dnssec-keygen, nsd, knotd, named, …) with arguments passed
/// as a list (never through a shell), a time limit and captured output. A failure names the tool, the
/// exit code and the first lines it wrote to standard error.
/// </summary>
public static class ToolRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ToolResult> RunAsync(
        string tool,
        IReadOnlyList<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        Dictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DnscertException($"cannot run '{tool}': {ex.Message}. {InstallHint(tool)}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new DnscertException($"'{tool}' did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was stopped.");
        }

        return new ToolResult(tool, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a tool and throws when it exits with a non-zero code.</summary>
    public static async Task<ToolResult> RunCheckedAsync(
        string tool,
        IReadOnlyList<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        Dictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(tool, arguments, workingDirectory, timeout, environment, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new DnscertException($"'{tool} {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}: {result.ErrorSummary}");
        }

        return result;
    }

    /// <summary>Which Debian package brings a tool, for the error message of a missing one.</summary>
    public static string InstallHint(string tool) => Path.GetFileName(tool) switch
    {
        "nsd" or "nsd-checkzone" => "Install it with: apt-get install nsd",
        "knotd" or "keymgr" or "knotc" => "Install it with: apt-get install knot",
        "kdig" => "Install it with: apt-get install knot-dnsutils",
        "named" => "Install it with: apt-get install bind9",
        "dnssec-keygen" or "dnssec-signzone" or "dnssec-dsfromkey" or "named-checkzone" => "Install it with: apt-get install bind9-utils",
        "dig" or "delv" => "Install it with: apt-get install bind9-dnsutils",
        "ldns-signzone" or "ldns-read-zone" => "Install it with: apt-get install ldnsutils",
        _ => "Is it installed and on PATH?",
    };
}
