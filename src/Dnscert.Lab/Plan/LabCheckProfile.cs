namespace Dnscert.Lab.Plan;

/// <summary>
/// The check profile the lab writes next to its hints. Every lab server sits on a loopback address by design
/// (nothing may leave the machine), so ADDRESS01 would report each lab zone as unreachable from the Internet;
/// this profile lowers exactly those tags to NOTICE and nothing else, so lab results show the planted faults. It also
/// points the IP-to-ASN lookups of CONNECTIVITY03/04 at the data the lab serves (nothing asks the real database).
/// </summary>
public static class LabCheckProfile
{
    public const string Json = """
        {
          "severity": {
            "A01_LOCAL_USE_ADDR": "notice",
            "A01_NO_GLOBALLY_REACHABLE_ADDR": "notice"
          },
          "asn_base": "asnlookup.test."
        }

        """;
}
