using System.CommandLine;
using Dnscert.Core;

namespace Dnscert.Cli;

/// <summary>
/// Runs a parsed command line and turns failures into one line on standard error: shared by <c>dnscert</c> and the
/// native <c>dnscert-traffic</c>, so both exit and report errors the same way.
/// </summary>
internal static class CliRunner
{
    /// <summary>Exit code for an error the user can act on (bad input, missing tool, failed prerequisite).</summary>
    public const int UserErrorExitCode = 2;

    /// <summary>Exit code for an unexpected internal error.</summary>
    public const int InternalErrorExitCode = 70;

    /// <summary>Invokes <paramref name="root"/> on <paramref name="args"/>; <paramref name="program"/> starts every error line.</summary>
    public static async Task<int> RunAsync(RootCommand root, string program, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parseResult = root.Parse(args);
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // We print errors ourselves: one clear line, and a stack trace only with --verbose.
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (DnscertException ex)
        {
            await error.WriteLineAsync($"{program}: error: {ex.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return UserErrorExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{program}: cancelled.").ConfigureAwait(false);
            return 130;
        }
#pragma warning disable CA1031 // The composition root is the one place that turns any failure into one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"{program}: internal error: {ex.GetType().Name}: {ex.Message} (run with --verbose for details)").ConfigureAwait(false);
            if (verbose)
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return InternalErrorExitCode;
        }
    }
}
