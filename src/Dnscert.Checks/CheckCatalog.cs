using Dnscert.Checks.Address;
using Dnscert.Checks.Basic;
using Dnscert.Checks.Connectivity;
using Dnscert.Checks.Consistency;
using Dnscert.Checks.Delegation;
using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Nameserver;
using Dnscert.Checks.Syntax;
using Dnscert.Checks.Zone;

namespace Dnscert.Checks;

/// <summary>Every check, one line each: explicit (no reflection), easy to grep, safe for trimming.</summary>
public static class CheckCatalog
{
    public static IReadOnlyList<ICheck> All { get; } =
    [
        new ChildZoneFoundCheck(),
        new WorkingNameServerCheck(),
        new WwwAddressCheck(),
        new GloballyReachableCheck(),
        new ReverseMatchCheck(),
        new UdpConnectivityCheck(),
        new TcpConnectivityCheck(),
        new UdpSizeCheck(),
        new AsnDiversityCheck(),
        new PrefixDiversityCheck(),
        new SoaSerialConsistencyCheck(),
        new SoaRnameConsistencyCheck(),
        new SoaTimersConsistencyCheck(),
        new SoaMnameConsistencyCheck(),
        new NsSetConsistencyCheck(),
        new GlueConsistencyCheck(),
        new NameServerCountCheck(),
        new DistinctAddressCheck(),
        new ReferralSizeCheck(),
        new NameServerNotCnameCheck(),
        new AuthoritativeCheck(),
        new NameServerNamesMatchCheck(),
        new RecursionCheck(),
        new ZoneTransferCheck(),
        new MnameCheck(),
        new EdnsSupportCheck(),
        new EdnsVersionCheck(),
        new EdnsUnknownOptionCheck(),
        new EdnsFlagsCheck(),
        new EdnsTruncationCheck(),
        new EdnsVersionAndOptionCheck(),
        new QnameCaseCheck(),
        new CaseQueryCheck(),
        new SourceAddressCheck(),
        new AaaaQueryCheck(),
        new NsNameResolutionCheck(),
        new UpwardReferralCheck(),
        new SoftwareVersionCheck(),
        new SoaTimersCheck(),
        new MailExchangeCheck(),
        new MnameNotAliasCheck(),
        new MxNotAliasCheck(),
        new SingleSoaCheck(),
        new SoaExistsCheck(),
        new DsDigestAlgorithmCheck(),
        new DsMatchesKeyCheck(),
        new Nsec3ParametersCheck(),
        new SignatureValidityCheck(),
        new AlgorithmCheck(),
        new SignedZoneCheck(),
        new DsWithoutSignaturesCheck(),
        new SpfPolicyCheck(),
        new DomainNameCharactersCheck(),
        new DomainNameHyphenCheck(),
        new DomainNameDoubleDashCheck(),
        new NameServerNameSyntaxCheck(),
        new RnameAtSignCheck(),
        new RnameMailboxCheck(),
        new MnameSyntaxCheck(),
        new MxNameSyntaxCheck(),
        new DnskeySignatureCheck(),
        new ExtraProcessingCheck(),
        new SoaSignatureCheck(),
        new DenialOfExistenceCheck(),
        new AlgorithmsSignCheck(),
        new KeySizeCheck(),
        new CdsExistenceCheck(),
        new CdsValidationCheck(),
        new CdnskeyValidationCheck(),
        new CdsTrustCheck(),
        new ChainOfTrustCheck(),
    ];

    /// <summary>Every tag any check can emit, by name.</summary>
    public static IReadOnlyDictionary<string, MessageTag> TagsByName { get; } =
        All.SelectMany(c => c.Tags).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}
