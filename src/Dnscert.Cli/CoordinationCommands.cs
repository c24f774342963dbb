using System.CommandLine;
using System.Globalization;
using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert incident list|show|open|transition|comment</c> and <c>dnscert stakeholder import|export|list</c>
/// (docs/coordination.md). The CLI acts as the instance (<see cref="Viewer.System"/>, an operator with shell access
/// to the store), or as a named user with <c>--as USER</c>, whose organisation and TLP then apply.
/// </summary>
internal static class CoordinationCommands
{
    private static readonly Option<string?> s_as = new("--as") { Description = "Act and read as this user (their organisation and TLP apply); default: the instance itself.", Recursive = true };

    public static Command BuildIncident(CliContext context)
    {
        var incident = new Command("incident", "Incidents: list, show, open by hand, move through their states, comment, export (MISP, STIX 2.1).");
        StoreAccess.AddTo(incident);
        incident.Add(s_as);
        incident.Add(BuildList(context));
        incident.Add(BuildShow(context));
        incident.Add(BuildOpen(context));
        incident.Add(BuildTransition(context));
        incident.Add(BuildComment(context));
        incident.Add(BuildExport(context));
        return incident;
    }

    public static Command BuildStakeholder(CliContext context)
    {
        var stakeholder = new Command("stakeholder", "The stakeholder directory: import and export JSON or CSV, list.");
        StoreAccess.AddTo(stakeholder);
        var sample = new Option<bool>("--sample") { Description = "Import the fictional sample directory shipped with dnscert instead of a file." };
        var import = new Command("import", "Import a directory file in one transaction (entries with the same id are replaced).") { sample };
        var optionalFile = new Argument<FileInfo?>("file") { Description = "A directory file: .json or .csv.", Arity = ArgumentArity.ZeroOrOne };
        import.Add(optionalFile);
        import.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<Stakeholder> directory;
            if (parse.GetValue(sample))
            {
                directory = StakeholderDirectory.Sample();
            }
            else
            {
                var f = parse.GetValue(optionalFile) ?? throw new DnscertException("give a directory file or --sample");
                if (f.Exists && f.Length > DirectoryLimits.MaxBytes)
                {
                    throw new DirectoryFormatException($"{f.FullName} is larger than the limit of {DirectoryLimits.MaxBytes} bytes");
                }

                var text = await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false);
                try
                {
                    directory = f.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? DirectoryCsv.Read(text) : DirectoryJson.Read(text);
                }
                catch (DirectoryFormatException e)
                {
                    throw new DirectoryFormatException($"{f.FullName}: {e.Message}", e);
                }
            }

            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            await StakeholderDirectory.ImportAsync(store.Stakeholders, directory, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Imported {directory.Count} stakeholders into {store.Description}.").ConfigureAwait(false);
            return 0;
        });
        stakeholder.Add(import);

        var format = new Option<string>("--format") { Description = "json or csv.", DefaultValueFactory = _ => "json" };
        var export = new Command("export", "Write the directory to standard output.") { format };
        export.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var directory = await StakeholderDirectory.LoadAsync(store.Stakeholders, ct).ConfigureAwait(false);
            var text = parse.GetValue(format) switch
            {
                "json" => DirectoryJson.Write(directory),
                "csv" => DirectoryCsv.Write(directory),
                var other => throw new DnscertException($"'{other}' is not a format: use json or csv"),
            };
            await context.Output.WriteAsync(text).ConfigureAwait(false);
            return 0;
        });
        stakeholder.Add(export);

        var list = new Command("list", "One line per stakeholder: id, type, name.");
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            foreach (var s in await StakeholderDirectory.LoadAsync(store.Stakeholders, ct).ConfigureAwait(false))
            {
                await context.Output.WriteLineAsync($"{s.Id}\t{DirectoryCodes.Of(s.Type)}\t{s.Name}").ConfigureAwait(false);
            }

            return 0;
        });
        stakeholder.Add(list);
        return stakeholder;
    }

    private static Command BuildList(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "new, triaged, notified, acknowledged, mitigated, closed or rejected." };
        var limit = new Option<int>("--limit") { Description = "At most this many (newest update first).", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Incidents newest update first: id, state, severity, TLP, subject, title.") { state, limit };
        list.SetAction(async (parse, ct) =>
        {
            IncidentState? st = parse.GetValue(state) is { } text ? IncidentStateMachine.Parse(text) ?? throw new DnscertException($"'{text}' is not an incident state") : null;
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var viewer = await ViewerAsync(parse, store, ct).ConfigureAwait(false);
            var page = await store.Incidents.ListAsync(new IncidentQuery(viewer, st), null, Math.Clamp(parse.GetValue(limit), 1, 1000), ct).ConfigureAwait(false);
            foreach (var i in page.Items)
            {
                await context.Output.WriteLineAsync($"{i.Id}\t{IncidentStateMachine.Code(i.State)}\t{i.Severity}\tTLP:{Incident.TlpLabel(i.Tlp)}\t{i.Subject}\t{i.Title}").ConfigureAwait(false);
            }

            return 0;
        });
        return list;
    }

    private static Command BuildExport(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Incident id." };
        var format = new Option<string>("--format") { Description = "misp (a MISP event) or stix21 (a STIX 2.1 bundle).", DefaultValueFactory = _ => IncidentExport.Misp };
        format.AcceptOnlyFromAmong([.. IncidentExport.Formats]);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "The incident with the observations the reader may see, as a MISP event or a STIX 2.1 bundle (same ids on every export).") { id, format, output };
        export.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var web = CliConfiguration.Bind<DnscertWebOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), DnscertWebOptions.Section, o => o.Check());
            var incident = await IncidentExport.LoadAsync(Service(parse, store, context), store, await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(id), ct).ConfigureAwait(false)
                ?? throw new IncidentNotFoundException(parse.GetValue(id));
            var document = IncidentExport.Render(incident, parse.GetValue(format)!, web.InstanceName);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, document, ct).ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteLineAsync(document).ConfigureAwait(false);
            }

            return 0;
        });
        return export;
    }

    private static Command BuildShow(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Incident id." };
        var show = new Command("show", "One incident with its recipients, routing reasons and timeline.") { id };
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var service = Service(parse, store, context);
            var incident = await service.GetAsync(await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(id), ct).ConfigureAwait(false)
                ?? throw new IncidentNotFoundException(parse.GetValue(id));
            var o = context.Output;
            await o.WriteLineAsync($"{incident.Title}\nid {incident.Id}\nstate {IncidentStateMachine.Code(incident.State)} (next: {string.Join(", ", IncidentStateMachine.AllowedFrom(incident.State).Select(IncidentStateMachine.Code))})").ConfigureAwait(false);
            await o.WriteLineAsync($"severity {incident.Severity}, TLP:{Incident.TlpLabel(incident.Tlp)}, threat {incident.ThreatTypeId}, subject {incident.Subject}").ConfigureAwait(false);
            await o.WriteLineAsync($"recipients {(incident.Recipients.Count == 0 ? "none" : string.Join(", ", incident.Recipients))}").ConfigureAwait(false);
            foreach (var route in await service.RouteAsync(incident.Subject, ct).ConfigureAwait(false))
            {
                await o.WriteLineAsync($"  route {route.StakeholderId}: {route.Reason}").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"observations {incident.ObservationIds.Count}").ConfigureAwait(false);
            foreach (var e in incident.Timeline)
            {
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z {e.Actor} {e.Kind.ToString().ToLowerInvariant()}: {e.Text}")).ConfigureAwait(false);
            }

            return 0;
        });
        return show;
    }

    private static Command BuildOpen(CliContext context)
    {
        var title = new Option<string>("--title") { Description = "What happened.", Required = true };
        var threat = new Option<string>("--threat") { Description = "Threat type id (infra.lame-delegation).", Required = true };
        var kind = new Option<string>("--kind") { Description = "Subject kind: zone, domain, nameserver, ip, prefix, url.", DefaultValueFactory = _ => "zone" };
        var subject = new Option<string>("--subject") { Description = "The subject (example.test).", Required = true };
        var severity = new Option<string>("--severity") { Description = "debug, info, notice, warning, error, critical.", DefaultValueFactory = _ => "warning" };
        var tlp = new Option<string>("--tlp") { Description = "clear, green, amber, amber+strict, red.", DefaultValueFactory = _ => "amber" };
        var to = new Option<string[]>("--to") { Description = "Recipient stakeholder ids (default: routed through the directory).", AllowMultipleArgumentsPerToken = true };
        var people = new Option<string[]>("--person") { Description = "Named people for TLP:RED (user names).", AllowMultipleArgumentsPerToken = true };
        var open = new Command("open", "Open an incident by hand and print its id.") { title, threat, kind, subject, severity, tlp, to, people };
        open.SetAction(async (parse, ct) =>
        {
            var k = Dnscert.Coordination.Routing.SubjectKinds.Parse(parse.GetValue(kind)) ?? throw new DnscertException($"'{parse.GetValue(kind)}' is not a subject kind");
            var sev = ParseSeverity(parse.GetValue(severity)) ?? throw new DnscertException($"'{parse.GetValue(severity)}' is not a severity");
            var marking = CliValues.Tlp(parse.GetValue(tlp)!);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var recipients = parse.GetValue(to) is { Length: > 0 } r ? r : null;
            var incident = await Service(parse, store, context).OpenAsync(
                await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(title)!, parse.GetValue(threat)!, new Subject(k, parse.GetValue(subject)!.Trim().TrimEnd('.').ToLowerInvariant()),
                sev, marking, recipients, parse.GetValue(people), null, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(incident.Id.ToString()).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Incident opened for {string.Join(", ", incident.Recipients.DefaultIfEmpty("no recipient"))}.").ConfigureAwait(false);
            return 0;
        });
        return open;
    }

    private static Command BuildTransition(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Incident id." };
        var state = new Argument<string>("state") { Description = "new, triaged, notified, acknowledged, mitigated, closed or rejected." };
        var note = new Option<string?>("--note") { Description = "Why (goes to the timeline)." };
        var transition = new Command("transition", "Move an incident to another state (invalid moves are refused).") { id, state, note };
        transition.SetAction(async (parse, ct) =>
        {
            var to = IncidentStateMachine.Parse(parse.GetValue(state)!) ?? throw new DnscertException($"'{parse.GetValue(state)}' is not an incident state");
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var incident = await Service(parse, store, context).TransitionAsync(await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(id), to, parse.GetValue(note), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Incident {incident.Id} is {IncidentStateMachine.Code(incident.State)}.").ConfigureAwait(false);
            return 0;
        });
        return transition;
    }

    private static Command BuildComment(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Incident id." };
        var text = new Argument<string>("text") { Description = "The comment." };
        var comment = new Command("comment", "Add a comment to an incident's timeline.") { id, text };
        comment.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            await Service(parse, store, context).CommentAsync(await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(id), parse.GetValue(text)!, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync("Comment added.").ConfigureAwait(false);
            return 0;
        });
        return comment;
    }

    private static IncidentService Service(ParseResult parse, Dnscert.Store.DnscertStore store, CliContext context)
    {
        var web = CliConfiguration.Bind<DnscertWebOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), DnscertWebOptions.Section, o => o.Check());
        return new IncidentService(store, context.Time, web.RegistrarByDomain);
    }

    private static Task<Viewer> ViewerAsync(ParseResult parse, Dnscert.Store.DnscertStore store, CancellationToken ct) =>
        CliValues.ViewerAsync(parse.GetValue(s_as), store, ct);

    private static Severity? ParseSeverity(string? text) =>
        Enum.TryParse<Severity>(text, true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null;
}
