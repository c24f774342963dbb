namespace Dnscert.Web.Consultation;

/// <summary>The tally of a consultation (each user's latest stance), for the API and the CLI's JSON.</summary>
public sealed record ReportTallyView(int Supports, int SupportsWithReservations, int Opposes, IReadOnlyList<OrganisationTallyView> ByOrganisation)
{
    public static ReportTallyView Of(Dnscert.Core.Store.ReportTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new(tally.Supports, tally.SupportsWithReservations, tally.Opposes, [.. tally.ByOrganisation.Select(o => new OrganisationTallyView(o.Organisation, o.Supports, o.SupportsWithReservations, o.Opposes))]);
    }
}
