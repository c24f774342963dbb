using System.CommandLine;
using System.Reflection;

namespace Dnscert.Cli;

/// <summary>The composition root of the <c>dnscert</c> command: builds the command tree and runs it.</summary>
public static class DnscertApp
{
    /// <summary>Exit code for an error the user can act on (bad input, missing tool, failed prerequisite).</summary>
    public const int UserErrorExitCode = CliRunner.UserErrorExitCode;

    /// <summary>Exit code for an unexpected internal error.</summary>
    public const int InternalErrorExitCode = CliRunner.InternalErrorExitCode;

    private const string RootDescription = "dnscert: measure DNS threats, coordinate the response, and see the gaps.";

    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(RootDescription);
        GlobalOptions.AddTo(root);
        root.Add(LabCommands.Build(context));
        root.Add(CheckCommand.Build(context));
        root.Add(ZonesCommands.Build(context));
        root.Add(ServeCommands.BuildServe(context));
        root.Add(ServeCommands.BuildDemo(context));
        root.Add(UserCommands.Build(context));
        root.Add(CoordinationCommands.BuildIncident(context));
        root.Add(CoordinationCommands.BuildStakeholder(context));
        root.Add(TrafficCommands.Build(context));
        root.Add(ReportCommands.BuildReport(context));
        root.Add(ReportCommands.BuildStats(context));
        root.Add(CatalogCommands.Build(context));
        root.Add(FeedsCommands.Build(context));
        root.Add(CampaignCommands.Build(context));
        return root;
    }

    /// <summary>The root with the <c>check</c> command alone: parses and runs <c>dnscert check ...</c> exactly as the full tree does.</summary>
    internal static RootCommand BuildCheckRootCommand(CliContext context) => RootWith(CheckCommand.Build(context));

    /// <summary>The root with <c>feeds ingest</c> alone: parses and runs <c>dnscert feeds ingest ...</c> exactly as the full tree does.</summary>
    internal static RootCommand BuildFeedsIngestRootCommand(CliContext context) => RootWith(FeedsCommands.BuildIngestOnly(context));

    /// <summary>
    /// The root with the <c>traffic</c> commands alone: <c>dnscert traffic analyze</c> over a capture is timed whole
    /// (start-up included) against tshark, and building the other commands' options loaded assemblies it never uses.
    /// </summary>
    internal static RootCommand BuildTrafficRootCommand(CliContext context) => RootWith(TrafficCommands.Build(context));

    /// <summary>A root holding one command and the global options, for the commands started often enough that building the whole tree shows.</summary>
    private static RootCommand RootWith(Command command)
    {
        var root = new RootCommand(RootDescription);
        GlobalOptions.AddTo(root);
        root.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(output, error, TimeProvider.System);
        // One-zone `dnscert check` runs are started per zone by scripts and benchmarks: building only that command
        // skips building the other commands' options and loading their assemblies (web, store, traffic, reports).
        // `feeds ingest` likewise, started per feed file by cron jobs and the benchmarks, and `traffic`, timed whole
        // against tshark.
        var root = args is ["check", ..] ? BuildCheckRootCommand(context)
            : args is ["feeds", "ingest", ..] ? BuildFeedsIngestRootCommand(context)
            : args is ["traffic", ..] ? BuildTrafficRootCommand(context)
            : BuildRootCommand(context);
        return await CliRunner.RunAsync(root, "dnscert", args, output, error, cancellationToken).ConfigureAwait(false);
    }

    public static string InformationalVersion =>
        typeof(DnscertApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
