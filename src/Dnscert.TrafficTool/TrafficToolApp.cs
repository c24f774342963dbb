using System.CommandLine;
using Dnscert.Cli;

namespace Dnscert.TrafficTool;

/// <summary>
/// The composition root of <c>dnscert-traffic</c>: <c>dnscert-traffic analyze ...</c> is <c>dnscert traffic analyze ...</c>
/// without <c>--store</c>, in a native executable (see the project file for why).
/// </summary>
public static class TrafficToolApp
{
    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("dnscert-traffic: DNS traffic statistics and attack detections from captures (dnscert traffic analyze, compiled ahead of time; --store needs dnscert).");
        GlobalOptions.AddTo(root);
        root.Add(TrafficAnalysisCommands.BuildAnalyze(context));
        root.Add(TrafficAnalysisCommands.BuildSynthesize(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(output, error, TimeProvider.System);
        return CliRunner.RunAsync(BuildRootCommand(context), "dnscert-traffic", args, output, error, cancellationToken);
    }
}
