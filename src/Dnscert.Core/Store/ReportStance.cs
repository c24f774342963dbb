namespace Dnscert.Core.Store;

/// <summary>
/// Where a stakeholder stands on a published report. Three positions, as in a consultation of the community: a
/// reservation lets an organisation back the conclusions while recording what it disagrees with, without counting as opposition.
/// </summary>
public enum ReportStance
{
    Supports = 0,
    SupportsWithReservations = 1,
    Opposes = 2,
}
