namespace Dnscert.Web.Consultation;

/// <summary>The latest stances of one organisation's users.</summary>
public sealed record OrganisationTallyView(string Organisation, int Supports, int SupportsWithReservations, int Opposes);
