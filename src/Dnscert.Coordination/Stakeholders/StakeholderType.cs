namespace Dnscert.Coordination.Stakeholders;

/// <summary>What kind of organisation a stakeholder is; routing uses it to pick who is responsible for what.</summary>
public enum StakeholderType
{
    TldRegistry = 0,
    Registrar = 1,
    DnsOperator = 2,
    RootServerOperator = 3,
    Rir = 4,
    NationalCert = 5,
    Coordinator = 6,
    ResearchBody = 7,
    ResolverOperator = 8,
    LawEnforcement = 9,
}
