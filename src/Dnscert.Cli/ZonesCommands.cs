using System.CommandLine;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Dns;
using Dnscert.Dns.Zone;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.Cli;

/// <summary><c>dnscert zones add|import|list|remove</c>: the constituency the monitor checks.</summary>
internal static class ZonesCommands
{
    private const string DefaultSet = "default";

    public static Command Build(CliContext context)
    {
        var zones = new Command("zones", "The zones the monitor checks (the constituency), in zone sets with their own interval.");
        StoreAccess.AddTo(zones);
        zones.Add(BuildAdd(context));
        zones.Add(BuildImport(context));
        zones.Add(BuildList(context));
        zones.Add(BuildRemove(context));
        zones.Add(BuildTlp(context));
        return zones;
    }

    private static Option<string?> TlpOption() => new("--tlp") { Description = "TLP of new zones, their runs, evidence and observations: clear, green, amber, amber+strict, red (default: Dnscert:Monitor:DefaultTlp, amber)." };

    private static Task<int> AddAsync(ZoneMonitor monitor, string set, IReadOnlyCollection<string> names, string? tlp, CancellationToken ct) =>
        tlp is null ? monitor.AddZonesAsync(set, names, ct) : monitor.AddZonesAsync(set, names, CliValues.Tlp(tlp), ct);

    private static Option<string> SetOption() => new("--set") { Description = "Zone set (created with the default interval when new).", DefaultValueFactory = _ => DefaultSet };

    private static Command BuildAdd(CliContext context)
    {
        var names = new Argument<string[]>("zone") { Description = "Zones to monitor.", Arity = ArgumentArity.OneOrMore };
        var set = SetOption();
        var tlp = TlpOption();
        var add = new Command("add", "Add zones to a set; each is checked at the monitor's next tick.") { names, set, tlp };
        add.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            using var monitor = Control(parse, store, context);
            var added = await AddAsync(monitor, parse.GetValue(set)!, parse.GetValue(names)!, parse.GetValue(tlp), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Added {added} zone(s) to set {parse.GetValue(set)} ({store.Description}).").ConfigureAwait(false);
            return 0;
        });
        return add;
    }

    private static Command BuildImport(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "One zone per line (# comments), or with --origin a zone file whose delegations are imported." };
        var origin = new Option<string?>("--origin") { Description = "Read FILE as the master file of this zone (a TLD) and import every delegation in it." };
        var set = SetOption();
        var tlp = TlpOption();
        var import = new Command("import", "Import zones from a list, or every delegation of a TLD zone file.") { file, origin, set, tlp };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            List<string> names;
            if (parse.GetValue(origin) is { } originText)
            {
                var originName = DomainName.TryParse(originText.EndsWith('.') ? originText : originText + ".", out var parsed) ? parsed : throw new DnscertException($"--origin '{originText}' is not a domain name.");
                var zoneFile = ZoneFile.Load(path, new ZoneReaderOptions { Origin = originName, FileName = path });
                names = [.. zoneFile.GetDelegations().Select(d => d.Name.ToString())];
            }
            else
            {
                names = [.. (await File.ReadAllLinesAsync(path, ct).ConfigureAwait(false)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
            }

            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            using var monitor = Control(parse, store, context);
            var added = await AddAsync(monitor, parse.GetValue(set)!, names, parse.GetValue(tlp), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Read {names.Count} zone(s) from {path}; {added} new in set {parse.GetValue(set)}.").ConfigureAwait(false);
            return 0;
        });
        return import;
    }

    private static Command BuildList(CliContext context)
    {
        var set = new Option<string?>("--set") { Description = "Only zones of this set." };
        var list = new Command("list", "List monitored zones with their set, next check and last result.") { set };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            string? after = null;
            do
            {
                var page = await store.Zones.ListAsync(after, 500, parse.GetValue(set), ct).ConfigureAwait(false);
                foreach (var zone in page.Items)
                {
                    var schedule = await store.Schedule.GetAsync(zone.Name, ct).ConfigureAwait(false);
                    var last = await store.CheckRuns.LatestAsync(zone.Name, 1, ct).ConfigureAwait(false) is [var run, ..] ? run.HighestSeverity.ToString().ToUpperInvariant() : "not checked yet";
                    await context.Output.WriteLineAsync(CheckCommand.Invariant($"{zone.Name,-40} {zone.SetName,-12} TLP:{Coordination.Incidents.Incident.TlpLabel(zone.Tlp),-12} next {schedule?.NextDue:u}  {last}")).ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
            return 0;
        });
        return list;
    }

    private static Command BuildRemove(CliContext context)
    {
        var names = new Argument<string[]>("zone") { Description = "Zones to stop monitoring (their runs, baseline and schedule go too).", Arity = ArgumentArity.OneOrMore };
        var remove = new Command("remove", "Stop monitoring zones.") { names };
        remove.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var removed = 0;
            foreach (var name in parse.GetValue(names)!)
            {
                removed += await store.Zones.DeleteAsync(name.Trim().TrimEnd('.').ToLowerInvariant(), ct).ConfigureAwait(false) ? 1 : 0;
            }

            await context.Output.WriteLineAsync($"Removed {removed} zone(s).").ConfigureAwait(false);
            return removed == parse.GetValue(names)!.Length ? 0 : 1;
        });
        return remove;
    }

    private static Command BuildTlp(CliContext context)
    {
        var level = new Argument<string>("tlp") { Description = "clear, green, amber, amber+strict or red." };
        var names = new Argument<string[]>("zone") { Description = "Zones to mark.", Arity = ArgumentArity.OneOrMore };
        var mark = new Command("tlp", "Set the TLP of monitored zones: who may see them, their runs, evidence and baseline; their observations follow at the next run.") { level, names };
        mark.SetAction(async (parse, ct) =>
        {
            var tlp = CliValues.Tlp(parse.GetValue(level)!);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var marked = 0;
            foreach (var name in parse.GetValue(names)!)
            {
                marked += await store.Zones.SetTlpAsync(name.Trim().TrimEnd('.').ToLowerInvariant(), tlp, ct).ConfigureAwait(false) ? 1 : 0;
            }

            await context.Output.WriteLineAsync($"Marked {marked} zone(s) TLP:{Coordination.Incidents.Incident.TlpLabel(tlp)}.").ConfigureAwait(false);
            return marked == parse.GetValue(names)!.Length ? 0 : 1;
        });
        return mark;
    }

    /// <summary>
    /// The monitor's control surface without a running schedule: adding zones only writes the store. Its options come
    /// from <c>--config</c>, so new zones get the configured <c>Dnscert:Monitor:DefaultTlp</c> and interval.
    /// </summary>
    private static ZoneMonitor Control(ParseResult parse, IDnscertStore store, CliContext context) =>
        new(store, context.Time, CliConfiguration.Bind<MonitorOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), MonitorOptions.Section, o => o.Check()),
            new CheckOptions(), Checks.Engine.IanaRootHints.Addresses, null, NullLogger.Instance);
}
