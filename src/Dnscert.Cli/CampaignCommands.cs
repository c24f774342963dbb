using System.CommandLine;
using System.Globalization;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Dnscert.Web;
using Dnscert.Web.Campaigns;
using Microsoft.Extensions.Configuration;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert campaign create|list|show|ack|complete|remind</c> (docs/campaigns.md). As <c>dnscert incident</c>, the
/// CLI acts as the instance, or as a user with <c>--as USER</c> whose organisation and TLP apply. Messages of
/// <c>create</c> and <c>remind</c> are delivered at once through <c>Dnscert:Smtp</c> (signed when
/// <c>Dnscert:OpenPgp</c> is set); their links are signed with <c>Dnscert:Web:AcknowledgementKey</c>, so that
/// <c>serve</c> accepts them.
/// </summary>
internal static class CampaignCommands
{
    private static readonly Option<string?> s_as = new("--as") { Description = "Act and read as this user (their organisation and TLP apply); default: the instance itself.", Recursive = true };

    public static Command Build(CliContext context)
    {
        var campaign = new Command("campaign", "Campaigns: one list of domains split per TLD registry, sent to each, tracked to acknowledgement and completion.");
        StoreAccess.AddTo(campaign);
        campaign.Add(s_as);
        campaign.Add(BuildCreate(context));
        campaign.Add(BuildList(context));
        campaign.Add(BuildShow(context));
        campaign.Add(BuildParty(context, "ack", "Record a party's acknowledgement by hand (for example received by phone).", complete: false));
        campaign.Add(BuildParty(context, "complete", "Record a party's completion by hand (its names are blocked or taken down).", complete: true));
        campaign.Add(BuildRemind(context));
        return campaign;
    }

    private static Command BuildCreate(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "What the campaign is (\"DGA family X, weeks 48-50\")." };
        var domains = new Option<FileInfo>("--domains") { Description = "File with one domain name per line (# comments), at most 100,000.", Required = true };
        var tlp = new Option<string>("--tlp") { Description = "clear, green, amber, amber+strict, red.", DefaultValueFactory = _ => "amber" };
        var due = new Option<string?>("--due") { Description = "Time to complete from now: 7d, 36h, 2w (default Dnscert:Web:Campaigns:DefaultDue, 7d)." };
        var create = new Command("create", "Create a campaign, send every registry its share, and print the campaign id.") { name, domains, tlp, due };
        create.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(domains)!;
            if (!file.Exists)
            {
                throw new DnscertException($"the domain list {file.FullName} does not exist");
            }

            if (file.Length > CampaignDomainList.MaxBytes)
            {
                throw new DnscertException($"{file.FullName} is larger than the limit of {CampaignDomainList.MaxBytes} bytes");
            }

            var marking = CliValues.Tlp(parse.GetValue(tlp)!);
            TimeSpan? within = parse.GetValue(due) is { } d ? CampaignDue.Parse(d) : null;
            var text = await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            using var sending = Sending(parse, store, context);
            var created = await sending.Service.CreateAsync(await ActorAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(name)!, text, file.Name, marking, within, ct).ConfigureAwait(false);
            var c = created.Campaign;
            await context.Output.WriteLineAsync(c.Id.ToString()).ConfigureAwait(false);
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Campaign '{c.Name}': {c.InputCount} name(s), {c.Parties.Sum(p => p.DomainCount)} for {c.Parties.Count} registries ({string.Join(", ", c.Parties.Select(p => $"{p.StakeholderId} {p.DomainCount}"))}); "
                + $"{c.Unrouted.Count} without a registry, {c.Rejected.Count} rejected, {c.Duplicates.Count} duplicate(s) (dnscert campaign show {c.Id}).")).ConfigureAwait(false);
            if (created.WithoutContact.Count > 0)
            {
                await context.Error.WriteLineAsync($"No contact in the directory for {string.Join(", ", created.WithoutContact)}: their share was not sent.").ConfigureAwait(false);
            }

            return await sending.DeliverAsync(context, ct).ConfigureAwait(false);
        });
        return create;
    }

    private static Command BuildList(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many (newest first).", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Campaigns newest first: id, TLP, parties completed/total, overdue, name; then time to acknowledge and complete per stakeholder.") { limit };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var viewer = await ViewerAsync(parse, store, ct).ConfigureAwait(false);
            var page = await store.Campaigns.ListAsync(viewer, null, Math.Clamp(parse.GetValue(limit), 1, 1000), ct).ConfigureAwait(false);
            var now = context.Time.GetUtcNow();
            foreach (var c in page.Items)
            {
                var done = c.Parties.Count(p => p.State == CampaignPartyState.Completed);
                var overdue = c.Parties.Count(p => p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now));
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.Id}\tTLP:{Label(c.Tlp)}\t{done}/{c.Parties.Count} completed\t{overdue} overdue\t{c.Name}")).ConfigureAwait(false);
            }

            var timings = StakeholderTiming.Compute(await store.Campaigns.TimingsAsync(viewer, ct).ConfigureAwait(false));
            if (timings.Count > 0)
            {
                await context.Output.WriteLineAsync("\nstakeholder\tsent\tacknowledged\tcompleted\tack median\tack p90\tcomplete median\tcomplete p90").ConfigureAwait(false);
                foreach (var t in timings)
                {
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{t.StakeholderId}\t{t.Notified}\t{t.Acknowledged}\t{t.Completed}\t{StakeholderTiming.Format(t.MedianToAcknowledge)}\t{StakeholderTiming.Format(t.P90ToAcknowledge)}\t{StakeholderTiming.Format(t.MedianToComplete)}\t{StakeholderTiming.Format(t.P90ToComplete)}")).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return list;
    }

    private static Command BuildShow(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Campaign id." };
        var show = new Command("show", "One campaign: due dates, each party's state (overdue marked), the names not sent, and its events.") { id };
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var c = await store.Campaigns.GetAsync(parse.GetValue(id), await ViewerAsync(parse, store, ct).ConfigureAwait(false), ct).ConfigureAwait(false)
                ?? throw new DnscertException($"there is no campaign {parse.GetValue(id)}");
            var o = context.Output;
            var now = context.Time.GetUtcNow();
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.Name}\nid {c.Id}\nTLP:{Label(c.Tlp)}, created {Time(c.CreatedAt)} by {c.CreatedBy}\nacknowledge by {Time(c.AcknowledgeBy)}, complete by {Time(c.CompleteBy)}")).ConfigureAwait(false);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"names {c.InputCount}: {c.Parties.Sum(p => p.DomainCount)} sent, {c.Unrouted.Count} without a registry, {c.Rejected.Count} rejected, {c.Duplicates.Count} duplicate(s)")).ConfigureAwait(false);
            foreach (var p in c.Parties)
            {
                var overdue = p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now) ? " OVERDUE" : "";
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  party {p.StakeholderId}: {p.DomainCount} name(s), {p.State.ToString().ToLowerInvariant()}{overdue}, reminders {p.Reminders}")).ConfigureAwait(false);
            }

            foreach (var (label, items) in new[] { ("without a registry", c.Unrouted), ("rejected", c.Rejected), ("duplicate", c.Duplicates) })
            {
                foreach (var item in items)
                {
                    await o.WriteLineAsync($"  {label}: {item}").ConfigureAwait(false);
                }
            }

            foreach (var e in c.Events)
            {
                await o.WriteLineAsync($"{Time(e.At)} {e.Actor} {e.Kind.ToString().ToLowerInvariant()}: {e.Text}").ConfigureAwait(false);
            }

            return 0;
        });
        return show;
    }

    private static Command BuildParty(CliContext context, string verb, string description, bool complete)
    {
        var id = new Argument<Guid>("id") { Description = "Campaign id." };
        var party = new Argument<string>("party") { Description = "Stakeholder id of the party (registry-test)." };
        var note = new Option<string?>("--note") { Description = "How it was received (goes to the events)." };
        var command = new Command(verb, description) { id, party, note };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var service = Service(parse, store, context, new InMemoryOutboxRepository());
            var viewer = await ViewerAsync(parse, store, ct).ConfigureAwait(false);
            var actor = viewer.UserName ?? "cli";
            var how = parse.GetValue(note) is { } n ? $"({n})" : "(recorded with the CLI)";
            var stakeholder = parse.GetValue(party)!;
            var result = (complete
                    ? await service.CompleteAsync(viewer, parse.GetValue(id), stakeholder, actor, how, ct).ConfigureAwait(false)
                    : await service.AcknowledgeAsync(viewer, parse.GetValue(id), stakeholder, actor, how, ct).ConfigureAwait(false))
                ?? throw new DnscertException($"there is no campaign {parse.GetValue(id)}");
            await context.Output.WriteLineAsync(result.Changed
                ? $"{stakeholder} is {(complete ? "completed" : "acknowledged")} on campaign {result.Campaign.Name}."
                : $"{stakeholder} was already recorded; nothing changed.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command BuildRemind(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "Campaign id." };
        var remind = new Command("remind", "Send a reminder now to every overdue party of the campaign (whatever the back-off).") { id };
        remind.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            using var sending = Sending(parse, store, context);
            var reminded = await sending.Service.RemindAsync(await ViewerAsync(parse, store, ct).ConfigureAwait(false), parse.GetValue(id), force: true, ct).ConfigureAwait(false)
                ?? throw new DnscertException($"there is no campaign {parse.GetValue(id)}");
            await context.Error.WriteLineAsync(reminded.Count == 0 ? "No party is overdue." : $"Reminded {string.Join(", ", reminded)}.").ConfigureAwait(false);
            return await sending.DeliverAsync(context, ct).ConfigureAwait(false);
        });
        return remind;
    }

    private static CampaignService Service(ParseResult parse, Dnscert.Store.DnscertStore store, CliContext context, IOutboxRepository outbox)
    {
        var web = CliConfiguration.Bind<DnscertWebOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), DnscertWebOptions.Section, o => o.Check());
        var key = string.IsNullOrEmpty(web.AcknowledgementKey) ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(web.AcknowledgementKey);
        return new CampaignService(store, new Notifier(outbox, context.Time), new AcknowledgementToken(key, context.Time), context.Time, web.Campaigns);
    }

    /// <summary>What create and remind need to send: the service over an outbox, and the SMTP transport that empties it.</summary>
    private static Delivery Sending(ParseResult parse, Dnscert.Store.DnscertStore store, CliContext context)
    {
        var configuration = CliConfiguration.Load(parse.GetValue(GlobalOptions.Config));
        var web = CliConfiguration.Bind<DnscertWebOptions>(configuration, DnscertWebOptions.Section, o => o.Check());
        if (string.IsNullOrEmpty(web.AcknowledgementKey))
        {
            throw new DnscertException($"set {DnscertWebOptions.Section}:AcknowledgementKey in --config: campaign links are signed with it, and serve must accept them");
        }

        if (!configuration.GetSection("Dnscert:Smtp").Exists())
        {
            throw new DnscertException("set Dnscert:Smtp in --config: the CLI delivers campaign messages through it (docs/campaigns.md)");
        }

        var smtp = CliConfiguration.Bind<SmtpOptions>(configuration, "Dnscert:Smtp", o => o.Check());
        var pgp = CliConfiguration.Bind<OpenPgpSigningOptions>(configuration, OpenPgpSigningOptions.Section, o => o.Check());
        var signer = pgp.Enabled ? OpenPgpSigner.Load(pgp) : null;
        var outbox = new InMemoryOutboxRepository();
        return new Delivery(Service(parse, store, context, outbox), outbox, new SmtpTransport(smtp, signer), signer);
    }

    private static async Task<string> ActorAsync(ParseResult parse, Dnscert.Store.DnscertStore store, CancellationToken ct) =>
        (await ViewerAsync(parse, store, ct).ConfigureAwait(false)).UserName ?? "cli";

    private static Task<Viewer> ViewerAsync(ParseResult parse, Dnscert.Store.DnscertStore store, CancellationToken ct) =>
        CliValues.ViewerAsync(parse.GetValue(s_as), store, ct);

    private static string Label(Tlp tlp) => Coordination.Incidents.Incident.TlpLabel(tlp);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);


    /// <summary>
    /// The CLI's delivery: an in-memory outbox emptied through SMTP before the command ends. One attempt per message
    /// (a process that exits cannot wait for back-off); failures are printed and make the exit code 1.
    /// </summary>
    private sealed class Delivery(CampaignService service, InMemoryOutboxRepository outbox, SmtpTransport transport, OpenPgpSigner? signer) : IDisposable
    {
        public CampaignService Service { get; } = service;

        public async Task<int> DeliverAsync(CliContext context, CancellationToken ct)
        {
            var failed = 0;
            foreach (var message in outbox.All())
            {
                try
                {
                    await transport.SendAsync(message, ct).ConfigureAwait(false);
                }
                catch (NotificationDeliveryException e)
                {
                    failed++;
                    await context.Error.WriteLineAsync($"dnscert: the message to {message.StakeholderId} was not delivered: {e.Message}.").ConfigureAwait(false);
                }
            }

            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Sent {outbox.All().Count - failed} message(s){(signer is null ? "" : " signed with OpenPGP key " + signer.KeyId)}, {failed} failed.")).ConfigureAwait(false);
            return failed == 0 ? 0 : 1;
        }

        public void Dispose() => signer?.Dispose();
    }
}
