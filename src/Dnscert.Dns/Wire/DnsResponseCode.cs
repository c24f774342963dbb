namespace Dnscert.Dns.Wire;

/// <summary>The 12-bit RCODE: 4 bits in the header, 8 more in the OPT record (RFC 6891 §6.1.3).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    YXDomain = 6,
    YXRRSet = 7,
    NXRRSet = 8,
    NotAuth = 9,
    NotZone = 10,
    DsoTypeNI = 11,
    BadVers = 16,
    BadKey = 17,
    BadTime = 18,
    BadMode = 19,
    BadName = 20,
    BadAlg = 21,
    BadTrunc = 22,
    BadCookie = 23,
}
