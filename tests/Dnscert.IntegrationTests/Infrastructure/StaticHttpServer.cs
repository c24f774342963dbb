using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dnscert.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server for feed tests: <c>python3 -m http.server</c> serving a folder on a loopback address, on a port
/// the system chooses (read from the server's first line), so parallel tests never collide on a fixed port.
/// </summary>
public static partial class StaticHttpServer
{
    /// <summary>Starts the server on <paramref name="bindAddress"/>; the caller kills the returned process.</summary>
    public static Process Start(string root, string bindAddress, out int port)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-u", "-m", "http.server", "0", "--bind", bindAddress, "--directory", root })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("python3 -m http.server printed nothing: " + process.StandardError.ReadToEnd());
        port = int.Parse(PortPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    [GeneratedRegex(@"port (\d+)")]
    private static partial Regex PortPattern();
}
