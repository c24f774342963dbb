namespace Dnscert.Cli;

/// <summary>How to start this same program again (for the lab's background proxy process).</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Resolve()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(process);
        if (name == "dnscert")
        {
            return [process];
        }

        // Run through the host ('dotnet dnscert.dll'), or hosted by another program such as a test runner.
        var host = name == "dotnet" ? process : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var apphost = Path.Combine(AppContext.BaseDirectory, "dnscert");
        return File.Exists(apphost) ? [apphost] : [host, typeof(SelfCommand).Assembly.Location];
    }
}
