using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Lab;
using Dnscert.Lab.Control;
using Dnscert.Lab.Plan;
using Dnscert.Lab.Scenarios;
using Dnscert.Lab.Verification;

namespace Dnscert.Cli;

/// <summary><c>dnscert lab up|down|status|list|switch</c>: real name servers on loopback serving scenario zones.</summary>
internal static class LabCommands
{
    private static readonly JsonSerializerOptions s_jsonLine = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Option<string?> s_dir = new("--dir")
    {
        Description = "Lab state folder (default: Dnscert:Lab:Directory, $DNSCERT_LAB_DIR or /tmp/dnscert-lab).",
        Recursive = true,
    };

    private static readonly Option<string?> s_scenarios = new("--scenarios")
    {
        Description = "Scenario folder (default: lab/scenarios of this checkout).",
        Recursive = true,
    };

    public static Command Build(CliContext context)
    {
        var lab = new Command("lab", "Run the DNS lab: NSD, Knot and BIND on 127.53.x.y serving scenario zones with planted faults.");
        lab.Add(s_dir);
        lab.Add(s_scenarios);
        lab.Add(BuildUp(context));
        lab.Add(BuildDown(context));
        lab.Add(BuildStatus(context));
        lab.Add(BuildList(context));
        lab.Add(BuildSwitch(context));
        lab.Add(BuildVerify(context));
        lab.Add(LabDaemonCommand.Build(context));
        return lab;
    }

    private static Command BuildUp(CliContext context)
    {
        var rtt = new Option<string?>("--rtt") { Description = "Add this round-trip time to every server through a delaying relay, e.g. 30ms." };
        var only = new Option<string[]>("--only") { Description = "Bring up only these scenarios (id or short name).", AllowMultipleArgumentsPerToken = true };
        var up = new Command("up", "Sign the scenario zones, start the servers and wait until they answer (idempotent).") { rtt, only };
        up.SetAction(async (parse, ct) =>
        {
            var set = LoadScenarios(parse, context);
            var controller = Controller(parse, context);
            var rttValue = parse.GetValue(rtt) is { } text ? ParseRtt(text) : Options(parse).Rtt;
            var state = await controller.UpAsync(set, parse.GetValue(only) ?? [], rttValue, ct).ConfigureAwait(false);
            var layout = controller.Layout;
            if (parse.GetValue(GlobalOptions.Json))
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    scenarios = state.Scenarios.Count,
                    processes = state.Units.Count,
                    hints = layout.HintsFile,
                    trust_anchor = layout.TrustAnchorFile,
                    check_profile = layout.CheckProfileFile,
                    errors = state.Errors,
                }, s_jsonLine)).ConfigureAwait(false);
            }
            else
            {
                var software = string.Join(", ", state.Units.GroupBy(u => u.Software).Select(g => $"{g.Count()} {g.Key}"));
                await context.Output.WriteLineAsync($"Lab up: {state.Scenarios.Count} scenarios, {state.Units.Count} processes ({software}).").ConfigureAwait(false);
                await context.Output.WriteLineAsync($"Root hints:   {layout.HintsFile}").ConfigureAwait(false);
                await context.Output.WriteLineAsync($"Trust anchor: {layout.TrustAnchorFile}").ConfigureAwait(false);
                await context.Output.WriteLineAsync($"Profile:      {layout.CheckProfileFile} (dnscert check --profile: loopback addresses are expected here)").ConfigureAwait(false);
                await context.Output.WriteLineAsync("Try: dig @127.53.0.1 test. SOA +norec +dnssec").ConfigureAwait(false);
            }

            return 0;
        });
        return up;
    }

    private static Command BuildDown(CliContext context)
    {
        var down = new Command("down", "Stop every process the lab started and remove its state folder.");
        down.SetAction(async (parse, ct) =>
        {
            var stopped = await Controller(parse, context).DownAsync(ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Lab down: stopped {stopped} processes.").ConfigureAwait(false);
            return 0;
        });
        return down;
    }

    private static Command BuildStatus(CliContext context)
    {
        var status = new Command("status", "Show each lab process: alive, answering, addresses. Exit code 1 when something is down.");
        status.SetAction(async (parse, ct) =>
        {
            var units = await Controller(parse, context).StatusAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                foreach (var u in units)
                {
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(u, s_jsonLine)).ConfigureAwait(false);
                }
            }
            else if (units.Count == 0)
            {
                await context.Output.WriteLineAsync("The lab is not up.").ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteLineAsync($"{"PROCESS",-36} {"SOFTWARE",-8} {"PID",7}  {"STATE",-10} ADDRESSES").ConfigureAwait(false);
                foreach (var u in units)
                {
                    var state = !u.Alive ? "DOWN" : u.Answering == false ? "SILENT" : "up";
                    var addresses = string.Join(' ', u.Addresses.Take(4)) + (u.Addresses.Count > 4 ? $" (+{u.Addresses.Count - 4})" : "");
                    await context.Output.WriteLineAsync($"{u.Id,-36} {u.Software,-8} {u.Pid,7}  {state,-10} {addresses}").ConfigureAwait(false);
                }
            }

            return units.Count == 0 || units.Any(u => !u.Alive || u.Answering == false) ? 1 : 0;
        });
        return status;
    }

    private static Command BuildList(CliContext context)
    {
        var list = new Command("list", "List the scenarios: zone, servers, hints, trust anchor, expected and forbidden tags.");
        list.SetAction(async (parse, ct) =>
        {
            var set = LoadScenarios(parse, context);
            var layout = Layout(parse);
            var json = parse.GetValue(GlobalOptions.Json);
            foreach (var s in set.Scenarios)
            {
                var d = s.Definition;
                if (json)
                {
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        id = s.Id,
                        zone = s.MainZone,
                        description = d.Description,
                        fault = d.Fault,
                        servers = s.Servers.Select(v => new { name = v.Name, address = v.Address, software = v.Software }),
                        hints = layout.HintsFile,
                        trust_anchor = layout.TrustAnchorFile,
                    check_profile = layout.CheckProfileFile,
                        expect = d.Expect ?? [],
                        forbid = d.Forbid ?? [],
                        forbid_others = d.ForbidOthers,
                        variants = d.Variants?.Keys.ToArray() ?? [],
                    }, s_jsonLine)).ConfigureAwait(false);
                }
                else
                {
                    var servers = string.Join(' ', s.Servers.Select(v => $"{v.Name}={v.Software}@{v.Address}"));
                    await context.Output.WriteLineAsync($"{s.Id,-48} {s.MainZone,-32} {servers}").ConfigureAwait(false);
                }
            }

            await ReportErrorsAsync(set, context).ConfigureAwait(false);
            return set.Errors.Count == 0 ? 0 : 1;
        });
        return list;
    }

    private static Command BuildSwitch(CliContext context)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario id or short name." };
        var variant = new Argument<string>("variant") { Description = "Variant name from the scenario file, or 'default'." };
        var sw = new Command("switch", "Serve another variant of a scenario (NS set, DS set, addresses) while the lab runs.") { scenario, variant };
        sw.SetAction(async (parse, ct) =>
        {
            var set = LoadScenarios(parse, context);
            var controller = Controller(parse, context);
            await controller.SwitchAsync(set, parse.GetValue(scenario)!, parse.GetValue(variant)!, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Switched {parse.GetValue(scenario)} to {parse.GetValue(variant)}.").ConfigureAwait(false);
            return 0;
        });
        return sw;
    }

    private static Command BuildVerify(CliContext context)
    {
        var verify = new Command("verify", "Query the running lab and show that every scenario's planted fault is observable (exit 1 if one is not).");
        verify.SetAction(async (parse, ct) =>
        {
            var set = LoadScenarios(parse, context);
            var state = LabState.Load(Layout(parse).StateFile) ?? throw new DnscertException("the lab is not up; run 'dnscert lab up' first.");
            var running = set.Scenarios.Where(s => state.Scenarios.Contains(s.Id) && !state.Variants.ContainsKey(s.Id)).ToList();
            var results = await new ScenarioVerifier(context.Time).VerifyAsync(running, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                foreach (var r in results)
                {
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(r, s_jsonLine)).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var group in results.GroupBy(r => r.Scenario))
                {
                    var fault = set.Find(group.Key)!.Definition.Fault ?? "healthy";
                    await context.Output.WriteLineAsync($"{(group.All(r => r.Passed) ? "ok  " : "FAIL")} {group.Key} ({fault})").ConfigureAwait(false);
                    foreach (var r in group.Where(r => !r.Passed || parse.GetValue(GlobalOptions.Verbose)))
                    {
                        await context.Output.WriteLineAsync($"       {r.Query} @{r.Server} ({r.Address}): {r.Observed}{(r.Passed ? "" : "; " + string.Join("; ", r.Failures))}").ConfigureAwait(false);
                    }
                }

                var skipped = state.Variants.Count;
                await context.Output.WriteLineAsync($"{results.Count(r => r.Passed)} of {results.Count} probes show their planted fault, in {running.Count} scenarios{(skipped > 0 ? $" ({skipped} switched to a variant, not verified)" : "")}.").ConfigureAwait(false);
            }

            return results.All(r => r.Passed) ? 0 : 1;
        });
        return verify;
    }

    private static LabController Controller(ParseResult parse, CliContext context) =>
        new(Layout(parse), context.Time, SelfCommand.Resolve(), new ConsoleProgress(context.Error, context.ErrorIsTerminal));

    private static LabOptions Options(ParseResult parse) =>
        CliConfiguration.Bind<LabOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), LabOptions.Section, o => o.Check());

    internal static LabLayout Layout(ParseResult parse) =>
        new(parse.GetValue(s_dir) ?? Options(parse).Directory ?? LabLayout.DefaultRoot);

    private static ScenarioSet LoadScenarios(ParseResult parse, CliContext context)
    {
        var root = parse.GetValue(s_scenarios) ?? Options(parse).Scenarios ?? FindScenarioRoot()
            ?? throw new DnscertException("no lab/scenarios folder found here or above; give one with --scenarios DIR.");
        var set = ScenarioLoader.LoadAll(root);
        foreach (var error in set.Errors)
        {
            context.Error.WriteLine($"dnscert: scenario refused: {error}");
        }

        return set;
    }

    private static Task ReportErrorsAsync(ScenarioSet set, CliContext context) =>
        set.Errors.Count == 0
            ? Task.CompletedTask
            : context.Error.WriteLineAsync($"dnscert: {set.Errors.Count} scenario files have errors (see above); the others are usable.");

    /// <summary>Looks for lab/scenarios from the current folder upwards, then from the program's folder upwards.</summary>
    /// <summary>Brings the default lab up (idempotent), for <c>dnscert demo</c>.</summary>
    internal static async Task<(LabLayout Layout, IReadOnlyList<string> Zones)> UpDefaultAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var root = Options(parse).Scenarios ?? FindScenarioRoot()
            ?? throw new DnscertException("no lab/scenarios folder found here or above; run the demo from the dnscert source tree.");
        var set = ScenarioLoader.LoadAll(root);
        var controller = new LabController(new LabLayout(Options(parse).Directory ?? LabLayout.DefaultRoot), context.Time, SelfCommand.Resolve(), new ConsoleProgress(context.Error, context.ErrorIsTerminal));
        var state = await controller.UpAsync(set, [], Options(parse).Rtt, ct).ConfigureAwait(false);
        if (state.Errors.Count > 0)
        {
            throw new DnscertException($"the lab did not come up: {string.Join("; ", state.Errors)}");
        }

        return (controller.Layout, [.. set.Scenarios.Select(s => s.MainZone).Distinct()]);
    }

    private static string? FindScenarioRoot()
    {
        if (Environment.GetEnvironmentVariable("DNSCERT_SCENARIOS") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "lab", "scenarios");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    internal static TimeSpan ParseRtt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.Zero;
        }

        var t = text.Trim();
        double value;
        if (t.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(t[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return Check(TimeSpan.FromMilliseconds(value), text);
        }

        if (t.EndsWith('s') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return Check(TimeSpan.FromSeconds(value), text);
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return Check(TimeSpan.FromMilliseconds(value), text);
        }

        throw new DnscertException($"--rtt '{text}' is not a duration such as 30ms or 0.1s.");
    }

    private static TimeSpan Check(TimeSpan rtt, string text) =>
        rtt < TimeSpan.Zero || rtt > TimeSpan.FromSeconds(10)
            ? throw new DnscertException($"--rtt '{text}' must be between 0 and 10 s.")
            : rtt;
}
