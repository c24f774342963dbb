using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Output;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Monitoring;
using Dnscert.Core.Store;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Microsoft.Extensions.Logging;

namespace Dnscert.Checks.Monitor;

/// <summary>
/// The monitoring service: checks every zone of the constituency on its set's interval (sooner when it has
/// problems), stores each run with its evidence, compares the delegation with the confirmed baseline, and opens and
/// resolves observations as conditions appear and go. The schedule lives in the store, so a restart resumes it.
/// </summary>
/// <remarks>
/// Flapping is damped both ways: a check condition opens an observation only when the previous run showed it too
/// (or on a zone's first run), and resolves only after two runs without it. Delegation changes and signature-expiry
/// forecasts open at once: a hijack cannot wait for a second run.
/// </remarks>
public sealed class ZoneMonitor : IMonitorControl, IDisposable
{
    private static readonly string s_engineVersion = typeof(ZoneMonitor).Assembly.GetName().Version?.ToString() ?? "0";

    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;
    private readonly MonitorOptions _options;
    private readonly CheckOptions _checkOptions;
    private readonly IReadOnlyList<IPAddress> _roots;
    private readonly CheckProfile? _profile;
    private readonly ILogger _logger;
    private readonly QueryLimits _limits;

    // One transport for every zone checked: its few shared UDP sockets serve every query of every run.
    private readonly DnsClientTransport _transport;
    // Every zone between the start of its run and its stored schedule (the scheduler must not start it again).
    private readonly ConcurrentDictionary<string, Task<CheckResult>> _inFlight = new(StringComparer.Ordinal);

    // Scheduled runs still collecting facts and running checks: what the check slots count. A run hands its slot on
    // as soon as its checks are done, while it waits for the store's single writer (hundreds of milliseconds on a busy
    // store), so the slots are kept by work, not by waits. Runs in _inFlight (checking or waiting) are at most one and a
    // half times the slots, so a store that falls behind holds new checks back.
    private int _checking;

    // Wakes the scheduler when a check ends, so it can start the next due zone without waiting for the poll. One
    // pending signal is enough: the scheduler fills every free slot each time it wakes.
    private readonly Channel<bool> _slotFreed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // The store pages schedule reads at 1,000 rows.
    private const int MaxDueRead = 1000;

    // The problem tags (WARNING or above) of each zone's latest stored run, kept from the run itself, so the next run's
    // flap damping needs neither the previous run's row nor a parse of its JSON; after a restart the first run of a
    // zone reads them back from the store once. The arrays hold the tags' own (static) name strings.
    private readonly ConcurrentDictionary<string, string[]> _problemTags = new(StringComparer.Ordinal);

    // Zone sets change rarely (an analyst edits an interval) while their zones are checked hundreds of times a second:
    // a set read from the store serves the runs of the next SetReadValidFor, so a changed interval applies to runs that
    // end up to that long after the change.
    private static readonly TimeSpan s_setReadValidFor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (ZoneSet? Set, long ReadAt)> _sets = new(StringComparer.Ordinal);

    public ZoneMonitor(IDnscertStore store, TimeProvider time, MonitorOptions options, CheckOptions checkOptions, IReadOnlyList<IPAddress> roots, CheckProfile? profile, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkOptions);
        _store = store;
        _time = time;
        _options = options;
        _checkOptions = checkOptions;
        _roots = roots;
        _profile = profile;
        _logger = logger;
        _limits = new QueryLimits(checkOptions.TotalConcurrency * Math.Max(1, options.MaxConcurrentChecks / 4), options.PerServerConcurrency, checkOptions.RatePerServer, time);
        _transport = new DnsClientTransport(time, sharedUdpSockets: DnsClientTransport.DefaultSharedUdpSockets);
    }

    /// <summary>Zones being checked right now (collecting facts and running checks), each holding a check slot.</summary>
    public int ChecksInFlight => Volatile.Read(ref _checking);

    /// <summary>
    /// Zones in flight that hold no check slot: scheduled runs whose checks are done and that wait for the store, and
    /// checks on demand (<see cref="CheckNowAsync"/>, <see cref="ConfirmBaselineAsync"/>), which never take a slot.
    /// </summary>
    public int RunsBeingStored => Math.Max(0, _inFlight.Count - ChecksInFlight);

    public ForegroundActivity Foreground { get; } = new();

    /// <summary>
    /// Runs the schedule until cancelled: every poll reads the most overdue zones, and they fill the free check slots.
    /// Zones the poll found due beyond the free slots wait in a short backlog, and a check that ends starts the next of
    /// them at once, so a slot does not idle until the next poll (on the benchmark a run lasts about a second, a poll
    /// comes every 0.2–1 s). The backlog is read again at every poll, so it is never older than one poll interval.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var running = new List<Task>();
        var backlog = new Queue<ScheduleState>();
        var slots = _options.MaxConcurrentChecks;
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        var tick = Task.FromResult(true);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (tick.IsCompleted)
                {
                    if (!await tick.ConfigureAwait(false))
                    {
                        break;
                    }

                    tick = timer.WaitForNextTickAsync(ct).AsTask();
                    running.RemoveAll(t => t.IsCompleted);
                    // Requests first: while the web serves anyone, fewer checks start (those running finish undisturbed).
                    slots = Foreground.BusySinceLastAsked() ? _options.EffectiveChecksWhileWebBusy : _options.MaxConcurrentChecks;
                    backlog = await DueAsync(slots, ct).ConfigureAwait(false);
                }

                while (_slotFreed.Reader.TryRead(out _))
                {
                    // Drained: each wake-up looks at every free slot, however many checks ended.
                }

                // A run waiting for the store holds no slot, but stays in _inFlight until its schedule is stored. Half as
                // many runs again as there are slots may be in flight, which bounds what waiting runs hold in memory
                // (with 256 slots about 80 runs waited for the store at a time on the seventh session's quiet benchmark).
                while (Volatile.Read(ref _checking) < slots && _inFlight.Count < MaxInFlight(slots) && backlog.TryDequeue(out var state))
                {
                    if (!_inFlight.ContainsKey(state.Zone))
                    {
                        running.Add(ScheduledCheckAsync(state, ct));
                    }
                }

                await Task.WhenAny(tick, _slotFreed.Reader.WaitToReadAsync(ct).AsTask()).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: let the checks in flight notice the cancellation and end.
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>
    /// The most overdue zones not being checked: enough to fill every slot now and every slot once more as checks end
    /// before the next poll. Empty when the schedule cannot be read (the next poll tries again).
    /// </summary>
    private async Task<Queue<ScheduleState>> DueAsync(int slots, CancellationToken ct)
    {
        try
        {
            // Zones in flight are still due until their run is stored, so they are read too and skipped: both those in
            // flight now and those in flight when the read began (one that ended during the read may have been read
            // as due before its schedule was stored, and would otherwise run twice).
            var before = _inFlight.Keys.ToHashSet(StringComparer.Ordinal);
            var limit = Math.Min(MaxDueRead, (2 * slots) + before.Count);
            var due = await _store.Schedule.DueAsync(_time.GetUtcNow(), limit, ct).ConfigureAwait(false);
            return new Queue<ScheduleState>(due.Where(d => !before.Contains(d.Zone) && !_inFlight.ContainsKey(d.Zone)));
        }
        catch (StoreException ex)
        {
            Log.ScheduleUnavailable(_logger, ex);
            return [];
        }
    }

    public Task<int> AddZonesAsync(string setName, IReadOnlyCollection<string> zones, CancellationToken cancellationToken = default) =>
        AddZonesAsync(setName, zones, _options.DefaultTlp, cancellationToken);

    public async Task<int> AddZonesAsync(string setName, IReadOnlyCollection<string> zones, Tlp tlp, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setName);
        ArgumentNullException.ThrowIfNull(zones);
        var names = zones.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        if (await _store.Zones.GetSetAsync(setName, cancellationToken).ConfigureAwait(false) is null)
        {
            await _store.Zones.SaveSetAsync(new ZoneSet(setName, [], _options.DefaultInterval), cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var added = 0;
        foreach (var name in names)
        {
            if (await _store.Zones.GetAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            await _store.Zones.SaveAsync(new MonitoredZone(name, setName, [], now, tlp), cancellationToken).ConfigureAwait(false);
            await _store.Schedule.SaveAsync(new ScheduleState(name, now, null, 0), cancellationToken).ConfigureAwait(false);
            added++;
        }

        return added;
    }

    public async Task<StoredCheckRun> CheckNowAsync(string zone, CancellationToken cancellationToken = default) =>
        (await CheckOnceAsync(Normalize(zone), cancellationToken).ConfigureAwait(false)).Run;

    public async Task ConfirmBaselineAsync(string zone, CancellationToken cancellationToken = default)
    {
        var name = Normalize(zone);
        var result = await CheckOnceAsync(name, cancellationToken).ConfigureAwait(false);
        if (result.Snapshot is null)
        {
            throw new DnscertException($"{name} has no delegation to confirm right now (the last check found none).");
        }

        var now = _time.GetUtcNow();
        await _store.Baselines.SaveAsync(result.Snapshot.ToBaseline(name, now), cancellationToken).ConfigureAwait(false);
        var open = await OpenObservationsAsync(name, cancellationToken).ConfigureAwait(false);
        var resolved = open.Where(o => o.Fingerprint.StartsWith(ObservationBuilder.DelegationChangedPrefix, StringComparison.Ordinal))
            .Select(o => o with { State = ObservationState.Resolved, LastSeen = now }).ToList();
        if (resolved.Count > 0)
        {
            await _store.Observations.SaveAllAsync(resolved, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _limits.Dispose();
        _transport.Dispose();
    }

    private async Task ScheduledCheckAsync(ScheduleState state, CancellationToken ct)
    {
        // Taken before the first await, so the scheduler's loop counts it before it looks at the slots again.
        var slot = new CheckSlot(this);
        try
        {
            await CheckOnceAsync(state.Zone, ct, neverRun: state.LastRun is null, slot).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping; the schedule still says the zone is due, so it runs first after a restart.
        }
        catch (Exception ex) when (ex is StoreException or DnscertException or IOException or System.Net.Sockets.SocketException)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, Math.Min(state.ConsecutiveFailures, 10))));
            Log.CheckFailed(_logger, ex, state.Zone, delay);
            try
            {
                await _store.Schedule.SaveAsync(state with { NextDue = _time.GetUtcNow() + delay, ConsecutiveFailures = state.ConsecutiveFailures + 1 }, ct).ConfigureAwait(false);
            }
            catch (StoreException)
            {
                // The store itself is failing: the zone stays due and is tried again at a later tick.
            }
        }
        finally
        {
            // Released already when the run's checks ended; this covers runs that failed before, and a zone that was
            // being checked on demand when its scheduled run began (that run joined the other).
            slot.Release();
        }
    }

    /// <summary>One check of one zone, never two at once for the same zone.</summary>
    /// <param name="zone">The zone.</param>
    /// <param name="ct">Stops the run.</param>
    /// <param name="neverRun">The schedule says the zone was never checked, so there is no earlier run to read.</param>
    /// <param name="slot">The scheduler's check slot, released when the run's checks are done; null for a check on demand.</param>
    private Task<CheckResult> CheckOnceAsync(string zone, CancellationToken ct, bool neverRun = false, CheckSlot? slot = null)
    {
        var task = _inFlight.GetOrAdd(zone, z => RunAndStoreAsync(z, neverRun, slot, ct));
        return RemoveWhenDoneAsync(zone, task);
    }

    private async Task<CheckResult> RemoveWhenDoneAsync(string zone, Task<CheckResult> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<CheckResult>>(zone, task));
            _slotFreed.Writer.TryWrite(true);
        }
    }

    private async Task<CheckResult> RunAndStoreAsync(string zone, bool neverRun, CheckSlot? slot, CancellationToken ct)
    {
        await Task.Yield();
        MonitoredZone monitored;
        ZoneSet? set;
        string[]? previousTags;
        FinishedRun finished;
        try
        {
            monitored = await _store.Zones.GetAsync(zone, ct).ConfigureAwait(false) ?? throw new DnscertException($"{zone} is not a monitored zone.");
            set = await SetAsync(monitored.SetName, ct).ConfigureAwait(false);
            previousTags = await PreviousProblemTagsAsync(zone, neverRun, ct).ConfigureAwait(false);
            finished = await CheckAsync(zone, ct).ConfigureAwait(false);
        }
        finally
        {
            // The checks are done (or failed): the next due zone takes the slot while this run waits for the store.
            slot?.Release();
        }

        var stored = finished.Stored;
        // Should the write fail (or its outcome be unknown), the next run reads the previous tags back from the store.
        _problemTags.TryRemove(zone, out _);
        // The store has one writer, and every write waits for the batch that commits it. The reads this run needs
        // (baseline, open observations) do not depend on the run's own row, so they go while the run is committed,
        // and the later writes (baseline, observations, schedule) are queued together and awaited once: a run waits
        // for two commits instead of four.
        var addTask = _store.CheckRuns.AddAsync(stored, finished.Blobs, ct);
        var snapshot = finished.Snapshot;
        var baselineTask = snapshot is null ? Task.FromResult<ZoneBaseline?>(null) : _store.Baselines.GetAsync(zone, ct);
        var openTask = OpenObservationsAsync(zone, ct);
        try
        {
            await addTask.ConfigureAwait(false);
        }
        finally
        {
            // The reads are not left running unobserved when the write fails.
            await Task.WhenAll(baselineTask, openTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _problemTags[zone] = finished.ProblemTags;

        var now = _time.GetUtcNow();
        var candidates = finished.Candidates;
        var writes = new List<Task>(3);
        if (snapshot is not null)
        {
            if (await baselineTask.ConfigureAwait(false) is { } baseline)
            {
                var changes = BaselineComparer.Compare(baseline, snapshot);
                if (changes.Count > 0)
                {
                    candidates = [.. candidates, ObservationBuilder.FromChanges(zone, changes, finished.DelegationEvidence)];
                }
            }
            else
            {
                // Trust on first use: the first delegation seen is the baseline until an analyst confirms another.
                writes.Add(_store.Baselines.SaveAsync(snapshot.ToBaseline(zone, now), ct));
            }
        }

        writes.Add(UpdateObservationsAsync(monitored, candidates, previousTags, await openTask.ConfigureAwait(false), now, ct));
        foreach (var change in candidates.Where(c => c.Fingerprint.StartsWith(ObservationBuilder.DelegationChangedPrefix, StringComparison.Ordinal)))
        {
            Log.DelegationChanged(_logger, zone, change.Summary);
        }

        var interval = set?.CheckInterval ?? _options.DefaultInterval;
        if (stored.HighestSeverity >= Severity.Warning)
        {
            interval /= _options.ProblemSpeedUp;
        }

        var jitter = interval * (_options.Jitter * ((Random.Shared.NextDouble() * 2) - 1));
        var next = now + Max(interval + jitter, _options.MinimumInterval);
        writes.Add(_store.Schedule.SaveAsync(new ScheduleState(zone, next, now, 0), ct));
        await Task.WhenAll(writes).ConfigureAwait(false);
        Log.Checked(_logger, zone, stored.HighestSeverity.ToString().ToUpperInvariant(), finished.Queries, (long)stored.Duration.TotalMilliseconds);
        return new CheckResult(stored, snapshot);
    }

    /// <summary>
    /// Collects the zone's facts, runs every check and turns the result into what the store and the observation
    /// update need. Only that small result outlives the check slot: the facts, exchanges and messages of the run are
    /// left to the collector before the run waits for the store.
    /// </summary>
    private async Task<FinishedRun> CheckAsync(string zone, CancellationToken ct)
    {
        var run = await new CheckRunner(_time, _checkOptions, profile: _profile, limits: _limits, transport: _transport)
            .RunAsync(DomainName.Parse(zone + "."), _roots, CheckCatalog.All, null, ct).ConfigureAwait(false);

        var (blobs, evidenceIds) = Blobs(run);
        var stale = await StaleSerialsAsync(zone, run, blobs, ct).ConfigureAwait(false);
        var severities = run.Messages.Select(m => m.Severity).ToList();
        var highest = severities.Count == 0 ? Severity.Info : severities.Max();
        var stored = new StoredCheckRun(Guid.CreateVersion7(run.Started), zone, run.Started, run.Elapsed, highest, SeverityCounts.Count(severities),
            s_engineVersion, CheckJson.Serialize(run, MessageTexts.For(MessageTexts.English), e => evidenceIds.GetValueOrDefault(e)), [.. blobs.Select(b => b.Sha256)]);
        // Delegation changes need the baseline, read while the run is stored; they are added to these candidates then.
        IReadOnlyList<ObservationCandidate> candidates = [.. ObservationBuilder.FromRun(zone, run, [], _options, evidenceIds),
            .. ObservationBuilder.FromStaleSerials(zone, stale.Servers, run.Started, stale.Expire, stale.Evidence)];
        return new FinishedRun(stored, blobs, ZoneSnapshot.From(run.Facts), candidates, ObservationBuilder.DelegationEvidenceIds(run, evidenceIds),
            ProblemTags(run.Messages), run.Queries);
    }

    /// <summary>
    /// Servers stuck behind the others on one serial. Only a run where some server lags reads the earlier runs, so
    /// the common case (every server on one serial) costs nothing. The SOA answer of each stale server joins the
    /// run's evidence blobs.
    /// </summary>
    private async Task<(IReadOnlyList<StaleSerial> Servers, TimeSpan? Expire, Dictionary<string, string> Evidence)> StaleSerialsAsync(
        string zone, CheckRun run, List<EvidenceBlob> blobs, CancellationToken ct)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        var serials = RunSerials.Of(run.Facts);
        var leader = SerialArithmetic.Latest(run.Facts.Servers.Select(s => s.Soa).OfType<Dns.Records.SoaRecordData>(), soa => soa.Serial);
        if (leader is null || !serials.Any(s => SerialArithmetic.IsBefore(s.Serial, leader.Serial)))
        {
            return ([], null, evidence);
        }

        var history = (await _store.CheckRuns.LatestAsync(zone, _options.SerialHistoryRuns, ct).ConfigureAwait(false))
            .Select(r => (r.Started, RunSerials.FromJson(r.MessagesJson))).ToList();
        var threshold = _options.StaleSerialAfter ?? TimeSpan.FromSeconds((double)leader.Refresh + leader.Retry);
        var stale = StaleSerialDetector.Find(run.Started, serials, history, threshold);
        foreach (var server in run.Facts.Servers.Where(s => stale.Any(x => x.Server == RunSerials.Key(s.Server))))
        {
            var answer = server.SoaAnswer;
            if (answer is not null)
            {
                var blob = EvidenceBlob.Create("application/dns-message", answer.Bytes);
                if (!blobs.Any(b => b.Sha256 == blob.Sha256))
                {
                    blobs.Add(blob);
                }

                evidence[RunSerials.Key(server.Server)] = blob.Sha256;
            }
        }

        return (stale, TimeSpan.FromSeconds(leader.Expire), evidence);
    }

    /// <summary>Opens, updates and resolves the zone's observations; each carries the zone's current TLP.</summary>
    /// <param name="monitored">The zone.</param>
    /// <param name="candidates">The conditions this run shows.</param>
    /// <param name="previousTags">The problem tags of the zone's previous run, or null when this is its first.</param>
    /// <param name="openNow">The zone's open observations, read before this run's writes.</param>
    /// <param name="now">The time of the run.</param>
    /// <param name="ct">Stops the update.</param>
    private Task UpdateObservationsAsync(MonitoredZone monitored, IReadOnlyList<ObservationCandidate> candidates, string[]? previousTags, List<Observation> openNow, DateTimeOffset now, CancellationToken ct)
    {
        var zone = monitored.Name;
        var open = openNow.ToDictionary(o => o.Fingerprint, StringComparer.Ordinal);
        var changed = new List<Observation>();
        foreach (var c in candidates)
        {
            if (open.Remove(c.Fingerprint, out var existing))
            {
                changed.Add(existing with { LastSeen = now, Severity = c.Severity, Summary = c.Summary, EvidenceIds = c.EvidenceIds, Tlp = monitored.Tlp });
            }
            else if (c.Immediate || previousTags is null || previousTags.Contains(TagOf(c.Fingerprint)))
            {
                changed.Add(new Observation(Guid.CreateVersion7(now), new Subject(SubjectKind.Zone, zone), c.ThreatTypeId, c.Severity, monitored.Tlp, now, now,
                    ObservationState.Open, c.Fingerprint, c.EvidenceIds, c.Summary));
            }
        }

        // What is still open was not seen in this run: resolve it once the previous run missed it too.
        foreach (var stale in open.Values)
        {
            var missedBefore = previousTags is null || !previousTags.Contains(TagOf(stale.Fingerprint));
            if (stale.Fingerprint.StartsWith(ObservationBuilder.DelegationChangedPrefix, StringComparison.Ordinal))
            {
                continue; // only an analyst's confirmation (or a return to the baseline, below) resolves a possible hijack
            }

            if (missedBefore)
            {
                changed.Add(stale with { State = ObservationState.Resolved, LastSeen = now });
            }
        }

        if (!candidates.Any(c => c.Fingerprint.StartsWith(ObservationBuilder.DelegationChangedPrefix, StringComparison.Ordinal)))
        {
            // The delegation is back to the baseline: the change undid itself.
            changed.AddRange(open.Values.Where(o => o.Fingerprint.StartsWith(ObservationBuilder.DelegationChangedPrefix, StringComparison.Ordinal))
                .Select(o => o with { State = ObservationState.Resolved, LastSeen = now }));
        }

        return changed.Count > 0 ? _store.Observations.SaveAllAsync(changed, ct) : Task.CompletedTask;
    }

    private async Task<List<Observation>> OpenObservationsAsync(string zone, CancellationToken ct)
    {
        var all = new List<Observation>();
        ObservationCursor? cursor = null;
        do
        {
            var page = await _store.Observations.ListAsync(new ObservationQuery(ObservationState.Open, null, SubjectKind.Zone, zone), cursor, 500, ct).ConfigureAwait(false);
            all.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        return all;
    }

    private async Task<ZoneSet?> SetAsync(string name, CancellationToken ct)
    {
        if (_sets.TryGetValue(name, out var read) && _time.GetElapsedTime(read.ReadAt) < s_setReadValidFor)
        {
            return read.Set;
        }

        var set = await _store.Zones.GetSetAsync(name, ct).ConfigureAwait(false);
        _sets[name] = (set, _time.GetTimestamp());
        return set;
    }

    /// <summary>
    /// The problem tags of the zone's latest run: from memory when this process stored it, else from the store (the
    /// first run after a restart), else none (the zone's first run ever).
    /// </summary>
    private async Task<string[]?> PreviousProblemTagsAsync(string zone, bool neverRun, CancellationToken ct)
    {
        if (_problemTags.TryGetValue(zone, out var tags))
        {
            return tags;
        }

        if (neverRun)
        {
            return null;
        }

        return await _store.CheckRuns.LatestAsync(zone, 1, ct).ConfigureAwait(false) is [var last, ..] ? ProblemTags(last.MessagesJson) : null;
    }

    /// <summary>The tags at WARNING or above in a stored run (schema dnscert.check/1).</summary>
    private static string[] ProblemTags(string messagesJson)
    {
        using var document = JsonDocument.Parse(messagesJson);
        return [.. document.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("severity").GetString() is "WARNING" or "ERROR" or "CRITICAL")
            .Select(m => m.GetProperty("tag").GetString()!)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The tags at WARNING or above of a run just made: the same set the stored JSON gives back.</summary>
    private static string[] ProblemTags(IReadOnlyList<CheckMessage> messages)
    {
        var tags = new List<string>();
        foreach (var m in messages)
        {
            if (m.Severity >= Severity.Warning && !tags.Contains(m.Tag.Name, StringComparer.Ordinal))
            {
                tags.Add(m.Tag.Name);
            }
        }

        return [.. tags];
    }

    private static string TagOf(string fingerprint) => fingerprint[(fingerprint.LastIndexOf('|') + 1)..];

    /// <summary>Every exchange cited by the run, as content-addressed blobs (query and response wire bytes).</summary>
    private static (List<EvidenceBlob> Blobs, Dictionary<object, string> Ids) Blobs(CheckRun run)
    {
        var blobs = new Dictionary<string, EvidenceBlob>(StringComparer.Ordinal);
        var ids = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        foreach (var evidence in run.Messages.SelectMany(m => m.Evidence).Concat(run.Facts.DelegationEvidence))
        {
            if (ids.ContainsKey(evidence))
            {
                continue;
            }

            var bytes = evidence.ResponseBytes.IsEmpty ? evidence.QueryBytes : evidence.ResponseBytes;
            if (bytes.IsEmpty)
            {
                continue;
            }

            var blob = EvidenceBlob.Create("application/dns-message", bytes);
            blobs.TryAdd(blob.Sha256, blob);
            ids[evidence] = blob.Sha256;
        }

        return ([.. blobs.Values], ids);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The most runs in flight, checking or waiting for the store, for a number of check slots.</summary>
    private static int MaxInFlight(int slots) => slots + Math.Max(1, slots / 2);

    /// <summary>Zone names as the store keeps them: lower case, no final dot; anything else is refused by name.</summary>
    private static string Normalize(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var text = zone.Trim();
        if (!DomainName.TryParse(text.EndsWith('.') ? text : text + ".", out var name) || name.IsRoot)
        {
            throw new DnscertException($"'{zone}' is not a zone name.");
        }

        return name.ToString().TrimEnd('.').ToLowerInvariant();
    }

    private sealed record CheckResult(StoredCheckRun Run, ZoneSnapshot? Snapshot);

    /// <summary>What a run whose checks are done still needs for its store writes and observations.</summary>
    private sealed record FinishedRun(
        StoredCheckRun Stored, List<EvidenceBlob> Blobs, ZoneSnapshot? Snapshot, IReadOnlyList<ObservationCandidate> Candidates,
        IReadOnlyList<string> DelegationEvidence, string[] ProblemTags, int Queries);

    /// <summary>A scheduler's check slot, held by one scheduled run from its start to the end of its checks.</summary>
    private sealed class CheckSlot
    {
        private readonly ZoneMonitor _owner;
        private int _released;

        public CheckSlot(ZoneMonitor owner)
        {
            _owner = owner;
            Interlocked.Increment(ref owner._checking);
        }

        /// <summary>Gives the slot back (once, however often it is called) and wakes the scheduler to fill it.</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref _owner._checking);
                _owner._slotFreed.Writer.TryWrite(true);
            }
        }
    }
}
