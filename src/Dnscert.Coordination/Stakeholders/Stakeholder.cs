namespace Dnscert.Coordination.Stakeholders;

/// <summary>
/// One organisation of the directory. <see cref="Id"/> is a short stable slug (<c>registry-test</c>) used by users,
/// incidents and routing; <see cref="Capabilities"/> maps a threat type id of the catalogue to the functions the
/// organisation provides for it (absent means none, which is what the gap analysis looks for).
/// <see cref="AmberConstituents"/> are the ids of organisations that may also read TLP:AMBER sent to this one
/// (TLP 2.0 lets AMBER go to the recipient's clients; the directory states who they are).
/// </summary>
public sealed record Stakeholder(
    string Id,
    string Name,
    StakeholderType Type,
    Constituency Constituency,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<string> Languages,
    WorkingHours? WorkingHours,
    IReadOnlyDictionary<string, CapabilityFunctions> Capabilities,
    IReadOnlyList<string> AmberConstituents)
{
    public CapabilityFunctions CapabilitiesFor(string threatTypeId) =>
        Capabilities.TryGetValue(threatTypeId, out var functions) ? functions : CapabilityFunctions.None;
}
