using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dnscert.Core;
using Dnscert.Lab.Plan;
using Dnscert.Lab.Proxy;
using Dnscert.Lab.Runtime;
using Dnscert.Lab.Scenarios;
using Dnscert.Lab.Servers;
using Dnscert.Lab.Signing;

namespace Dnscert.Lab.Control;

/// <summary>
/// Brings the lab up, switches variants, reports status and brings it down. <c>up</c> is idempotent: it
/// compares each process's fingerprint (configuration and zone files) with the one it runs and restarts
/// only what changed, so <c>up</c> on a running lab does nothing and <c>switch</c> restarts only the
/// servers whose data changed.
/// </summary>
public sealed class LabController(LabLayout layout, TimeProvider time, IReadOnlyList<string> selfCommand, ILabProgress progress)
{
    public const string ProxyUnitId = "proxy";
    public const string MarkerFile = ".dnscert-lab";
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(15);

    public LabLayout Layout => layout;

    public async Task<LabState> UpAsync(ScenarioSet set, IReadOnlyList<string> only, TimeSpan rtt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(only);
        Directory.CreateDirectory(layout.Root);
        await File.WriteAllTextAsync(Path.Combine(layout.Root, MarkerFile), "dnscert lab state folder\n", ct).ConfigureAwait(false);
        var state = LabState.Load(layout.StateFile) ?? new LabState { StartedAt = TruncateToSecond(time.GetUtcNow()) };
        state.RttMilliseconds = (int)rtt.TotalMilliseconds;
        state.ScenarioRoot = set.Root;
        state.Only = [.. only];
        return await ApplyAsync(set, state, ct).ConfigureAwait(false);
    }

    public async Task<LabState> SwitchAsync(ScenarioSet set, string scenario, string variant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(set);
        var state = LabState.Load(layout.StateFile) ?? throw new DnscertException("the lab is not up; run 'dnscert lab up' first.");
        var found = set.Find(scenario) ?? throw new DnscertException($"no scenario '{scenario}' (see 'dnscert lab list').");
        _ = EffectiveScenario.Of(found, variant);
        if (variant == EffectiveScenario.DefaultVariant)
        {
            state.Variants.Remove(found.Id);
        }
        else
        {
            state.Variants[found.Id] = variant;
        }

        state.Generation++;
        return await ApplyAsync(set, state, ct).ConfigureAwait(false);
    }

    private async Task<LabState> ApplyAsync(ScenarioSet set, LabState state, CancellationToken ct)
    {
        var selected = set.Scenarios.Where(s => state.Only.Count == 0 || state.Only.Any(o => s.Id == o || s.ShortName == o)).ToList();
        if (state.Only.Count > 0 && selected.Count == 0)
        {
            throw new DnscertException($"no scenario matches {string.Join(", ", state.Only)} (see 'dnscert lab list').");
        }

        progress.Phase($"Preparing {selected.Count} scenarios (signing zones with fresh keys).");
        var effective = selected.Select(s => EffectiveScenario.Of(s, state.Variants.GetValueOrDefault(s.Id))).ToList();
        var signer = new ZoneSigner(layout.Root, state.StartedAt);
        var serial = (uint)(state.StartedAt.ToUnixTimeSeconds() + state.Generation);
        var delay = TimeSpan.FromMilliseconds(state.RttMilliseconds / 2.0);
        var plan = await new LabBuilder(layout, signer, serial, delay).BuildAsync(effective, ct).ConfigureAwait(false);
        var units = CreateUnits(plan);
        var wanted = units.ToDictionary(u => u.Id, u => (Unit: u, Fingerprint: Fingerprint(u)), StringComparer.Ordinal);

        var keep = new List<UnitState>();
        var stopTasks = new List<Task>();
        foreach (var running in state.Units)
        {
            var alive = DaemonProcess.IsOurs(running.Pid, layout.Root);
            if (alive && wanted.TryGetValue(running.Id, out var w) && w.Fingerprint == running.Fingerprint)
            {
                keep.Add(running);
            }
            else if (alive)
            {
                stopTasks.Add(DaemonProcess.StopAsync(running.Pid, TimeSpan.FromSeconds(5), time, ct));
            }
        }

        await Task.WhenAll(stopTasks).ConfigureAwait(false);
        var added = await LoopbackAddresses.EnsureAsync(units.SelectMany(u => u.InterfaceAddresses), ct).ConfigureAwait(false);
        state.AddedAddresses = [.. state.AddedAddresses.Union(added, StringComparer.Ordinal)];
        state.Save(layout.StateFile);
        var toStart = units.Where(u => !keep.Any(k => k.Id == u.Id)).ToList();
        var busy = await WaitForFreePortsAsync(toStart.SelectMany(u => u.ReadinessQueries.Select(q => q.Address).Concat(u.InterfaceAddresses)
            .Concat(u.Id == ProxyUnitId ? u.Addresses.Select(IPAddress.Parse) : [])).ToList(), ct).ConfigureAwait(false);
        if (busy.Count > 0)
        {
            throw new DnscertException($"port 53 is already in use on {string.Join(", ", busy.Take(5))}{(busy.Count > 5 ? $" and {busy.Count - 5} more" : "")}: is another lab running (dnscert lab down --dir DIR) or a system name server listening on all addresses?");
        }

        progress.Phase($"Starting {toStart.Count} server processes ({keep.Count} already running and unchanged).");
        var (started, failures) = await StartAllAsync(toStart, wanted.ToDictionary(kv => kv.Key, kv => kv.Value.Fingerprint), ct).ConfigureAwait(false);

        // Saved before any error is raised, so that 'lab down' always finds what did start.
        state.Units = [.. keep, .. started];
        state.Scenarios = [.. selected.Select(s => s.Id)];
        state.Errors = [.. set.Errors.Select(e => e.ToString())];
        state.Save(layout.StateFile);
        if (failures.Count > 0)
        {
            throw new DnscertException($"{failures.Count} of {toStart.Count} lab processes failed to start: {string.Join("; ", failures.Take(5))}");
        }

        return state;
    }

    /// <summary>Stopped servers may hold their sockets a moment longer (NSD's children); wait up to 5 s for them.</summary>
    private async Task<IReadOnlyList<IPAddress>> WaitForFreePortsAsync(List<IPAddress> addresses, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (true)
        {
            var busy = PortCheck.Busy(addresses);
            if (busy.Count == 0 || time.GetUtcNow() > deadline)
            {
                return busy;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
        }
    }

    private List<RunUnit> CreateUnits(LabPlan plan)
    {
        var units = new List<RunUnit>();
        foreach (var server in plan.Servers)
        {
            switch (server.Software)
            {
                case "nsd":
                    units.Add(NsdConfig.Create(server, layout));
                    break;
                case "knot":
                    units.Add(KnotConfig.Create(server, layout));
                    break;
            }
        }

        if (BindConfig.Create([.. plan.Servers.Where(s => s.Software == "bind")], layout) is { } bind)
        {
            units.Add(bind);
        }

        if (plan.Proxies.Count > 0)
        {
            var endpoints = plan.Proxies.Select(p => new ProxyEndpoint(
                new IPEndPoint(p.Listen, LabAddresses.DnsPort),
                p.Backend is null ? null : new IPEndPoint(p.Backend, LabAddresses.DnsPort),
                p.OneWayDelay,
                [.. p.Faults.Select(FaultRuleMapping.ToRule)])).ToList();
            var dir = Path.GetDirectoryName(layout.ProxyConfigFile)!;
            units.Add(new RunUnit
            {
                Id = ProxyUnitId,
                Software = "dnscert",
                Directory = dir,
                ConfigPath = layout.ProxyConfigFile,
                ConfigText = ProxyConfigFile.Serialize(endpoints),
                PidFile = layout.ProxyPidFile,
                LogFile = layout.ProxyLogFile,
                // setsid --fork puts the daemon in its own session and returns at once; the daemon writes its
                // own pid file, so the pid the lab records is the daemon's and never an intermediate process.
                Command = ["setsid", "--fork", .. selfCommand, "lab", "daemon", "--dir", layout.Root],
                ReadyFile = Path.Combine(dir, "proxy.ready"),
                Addresses = [.. plan.Proxies.Select(p => p.Listen.ToString())],
            });
        }

        return units;
    }

    private async Task<(List<UnitState> Started, List<string> Failures)> StartAllAsync(List<RunUnit> units, Dictionary<string, string> fingerprints, CancellationToken ct)
    {
        var results = new UnitState[units.Count];
        var failures = new List<string>();
        var done = 0;

        // The proxy relays to real servers, so it starts after them; servers start four at a time.
        await Parallel.ForEachAsync(Enumerable.Range(0, units.Count).Where(i => units[i].Id != ProxyUnitId),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    results[i] = await StartOneAsync(units[i], fingerprints[units[i].Id], token).ConfigureAwait(false);
                }
                catch (DnscertException ex)
                {
                    lock (failures)
                    {
                        failures.Add($"{units[i].Id}: {ex.Message}");
                    }
                }
                finally
                {
                    progress.Advance(Interlocked.Increment(ref done), units.Count, units[i].Id);
                }
            }).ConfigureAwait(false);

        var proxyIndex = units.FindIndex(u => u.Id == ProxyUnitId);
        if (proxyIndex >= 0)
        {
            try
            {
                results[proxyIndex] = await StartOneAsync(units[proxyIndex], fingerprints[ProxyUnitId], ct).ConfigureAwait(false);
            }
            catch (DnscertException ex)
            {
                failures.Add($"{ProxyUnitId}: {ex.Message}");
            }
        }

        return ([.. results.Where(r => r is not null)], failures);
    }

    private async Task<UnitState> StartOneAsync(RunUnit unit, string fingerprint, CancellationToken ct)
    {
        Directory.CreateDirectory(unit.Directory);
        if (unit.Software == "knot")
        {
            Directory.CreateDirectory(Path.Combine(unit.Directory, "db"));
        }

        File.Delete(unit.PidFile);
        if (unit.ReadyFile is not null)
        {
            File.Delete(unit.ReadyFile);
        }

        await File.WriteAllTextAsync(unit.ConfigPath, unit.ConfigText, ct).ConfigureAwait(false);
        await DaemonProcess.StartSelfDaemonizingAsync(unit.Command, unit.LogFile, ct).ConfigureAwait(false);
        var pid = await WaitForPidFileAsync(unit, ct).ConfigureAwait(false);

        await WaitUntilReadyAsync(unit, pid, ct).ConfigureAwait(false);
        return new UnitState
        {
            Id = unit.Id,
            Software = unit.Software,
            Pid = pid,
            Fingerprint = fingerprint,
            Addresses = [.. unit.Addresses],
            ListenAddresses = [.. unit.ReadinessQueries.Select(q => q.Address.ToString()).Distinct(StringComparer.Ordinal)],
            LogFile = unit.LogFile,
        };
    }

    private async Task<int> WaitForPidFileAsync(RunUnit unit, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + s_startLimit;
        while (time.GetUtcNow() < deadline)
        {
            if (DaemonProcess.ReadPidFile(unit.PidFile) is { } pid && DaemonProcess.IsOurs(pid, layout.Root))
            {
                return pid;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct).ConfigureAwait(false);
        }

        throw new DnscertException($"{unit.Software} wrote no pid file within {s_startLimit.TotalSeconds:0} s; its log says: {DaemonProcess.LastLines(unit.LogFile)}");
    }

    private async Task WaitUntilReadyAsync(RunUnit unit, int pid, CancellationToken ct)
    {
        if (unit.ReadyFile is not null)
        {
            var deadline = time.GetUtcNow() + s_startLimit;
            while (!File.Exists(unit.ReadyFile))
            {
                if (!DaemonProcess.IsOurs(pid, layout.Root) || time.GetUtcNow() > deadline)
                {
                    throw new DnscertException($"{unit.Id} did not start listening; its log says: {DaemonProcess.LastLines(unit.LogFile, 6)}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct).ConfigureAwait(false);
            }
        }

        foreach (var (address, zone) in unit.ReadinessQueries)
        {
            if (!await ReadinessProbe.WaitAsync(address, zone, s_startLimit, time, ct).ConfigureAwait(false))
            {
                throw new DnscertException($"{unit.Software} on {address} does not answer; its log says: {DaemonProcess.LastLines(unit.LogFile)}");
            }
        }
    }

    public async Task<int> DownAsync(CancellationToken ct)
    {
        var state = LabState.Load(layout.StateFile);
        var pids = (state?.Units ?? []).Select(u => u.Pid).Where(p => DaemonProcess.IsOurs(p, layout.Root)).ToList();
        await Task.WhenAll(pids.Select(p => DaemonProcess.StopAsync(p, TimeSpan.FromSeconds(5), time, ct))).ConfigureAwait(false);

        // A process of this lab that the state file lost (a crash between start and save) is found by the
        // state folder named on its command line, and stopped too.
        var strays = DaemonProcess.FindByMarker(layout.Root);
        await Task.WhenAll(strays.Select(p => DaemonProcess.StopAsync(p, TimeSpan.FromSeconds(5), time, ct))).ConfigureAwait(false);
        if (state is not null)
        {
            await LoopbackAddresses.RemoveAsync(state.AddedAddresses, ct).ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(layout.Root, MarkerFile)))
        {
            Directory.Delete(layout.Root, recursive: true);
        }

        return pids.Count + strays.Count;
    }

    public async Task<IReadOnlyList<UnitStatus>> StatusAsync(CancellationToken ct)
    {
        var state = LabState.Load(layout.StateFile);
        if (state is null)
        {
            return [];
        }

        var statuses = await Task.WhenAll(state.Units.Select(async u =>
        {
            var alive = DaemonProcess.IsOurs(u.Pid, layout.Root);
            var answering = alive && u.Id != ProxyUnitId && u.Addresses.Count > 0
                && await AnswersAsync(u, ct).ConfigureAwait(false);
            return new UnitStatus(u.Id, u.Software, u.Pid, alive, u.Id == ProxyUnitId ? null : answering, u.Addresses);
        })).ConfigureAwait(false);
        return statuses;
    }

    private async Task<bool> AnswersAsync(UnitState unit, CancellationToken ct)
    {
        // Any SOA answer, even REFUSED, shows the process listens; "." is served by the hierarchy only.
        var address = IPAddress.Parse(unit.ListenAddresses.Count > 0 ? unit.ListenAddresses[0] : unit.Addresses[0]);
        return await ReadinessProbe.WaitAsync(address, ".", TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
    }

    private static string Fingerprint(RunUnit unit)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\0', unit.Command) + "\n" + unit.ConfigText));
        foreach (var input in unit.Inputs.Order(StringComparer.Ordinal))
        {
            hash.AppendData(File.ReadAllBytes(input));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));
}
