using System.CommandLine;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Cli;

/// <summary>
/// How stored traffic is shared (<c>--tlp</c>, <c>--to</c>, <c>--person</c> of <c>traffic analyze|listen --store</c>),
/// read and checked the way <c>incident open</c> reads them: TLP through Core's <c>TlpText</c>, recipients that
/// must be stakeholders of the directory and people that must be users, and TLP:RED only with a named person (nobody
/// else could ever read it).
/// </summary>
internal sealed record TrafficSharing(Tlp Tlp, IReadOnlyList<string> Recipients, IReadOnlyList<string> People)
{
    /// <summary>Adds <c>--tlp</c>, <c>--to</c> and <c>--person</c> to <paramref name="command"/> and returns their reader.</summary>
    public static Func<ParseResult, TrafficSharing> AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tlpOption = new Option<string>("--tlp") { Description = "With --store: TLP of the stored statistics and of the observations opened from detections: clear, green, amber, amber+strict, red.", DefaultValueFactory = _ => "amber" };
        var toOption = new Option<string[]>("--to") { Description = "With --store: stakeholder ids the traffic is shared with (they read it at AMBER and AMBER+STRICT).", AllowMultipleArgumentsPerToken = true };
        var personOption = new Option<string[]>("--person") { Description = "With --store: user names of the people who may read TLP:RED traffic (needed for --tlp red).", AllowMultipleArgumentsPerToken = true };
        command.Add(tlpOption);
        command.Add(toOption);
        command.Add(personOption);
        return parse => Parse(parse.GetValue(tlpOption)!, parse.GetValue(toOption) ?? [], parse.GetValue(personOption) ?? []);
    }

    /// <summary>Reads the values; the TLP is checked before anything is read, the names once the store is open.</summary>
    public static TrafficSharing Parse(string tlpText, IEnumerable<string> to, IEnumerable<string> person)
    {
        var tlp = CliValues.Tlp(tlpText);
        var recipients = to.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var people = person.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tlp == Tlp.Red && people.Count == 0)
        {
            throw new DnscertException("--tlp red needs --person: TLP:RED traffic is read only by the people named on it");
        }

        return new TrafficSharing(tlp, recipients, people);
    }

    /// <summary>Refuses a recipient the directory does not know or a person who is not a user: a typo would share with nobody.</summary>
    public async Task CheckAsync(IDnscertStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var recipient in Recipients)
        {
            if (await store.Stakeholders.GetAsync(recipient, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new DnscertException($"--to: there is no stakeholder '{recipient}' in the directory");
            }
        }

        foreach (var person in People)
        {
            if (await store.Users.GetAsync(person, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new DnscertException($"--person: there is no user '{person}'");
            }
        }
    }

    /// <summary>The capture record shared this way.</summary>
    public TrafficCapture Apply(TrafficCapture capture) => capture with { Recipients = Recipients, People = People };
}
