namespace Dnscert.Dns.Dnssec;

/// <summary>The result of checking a denial of existence; every value but Proven names the piece that is missing or wrong.</summary>
public enum DenialStatus
{
    /// <summary>The records prove the denial (check <see cref="DenialResult.OptOut"/> for NSEC3 opt-out).</summary>
    Proven = 0,

    /// <summary>No NSEC or NSEC3 records for the zone were given.</summary>
    NoRecords = 1,

    /// <summary>NSEC: no NSEC covers the query name.</summary>
    MissingNameCover = 2,

    /// <summary>NSEC3: no ancestor of the query name (up to the zone) has a matching NSEC3.</summary>
    MissingClosestEncloser = 3,

    /// <summary>NSEC3: the closest encloser matches, but no NSEC3 covers the next closer name.</summary>
    MissingNextCloserCover = 4,

    /// <summary>No record covers the wildcard at the closest encloser, so a wildcard answer is not ruled out.</summary>
    MissingWildcardCover = 5,

    /// <summary>NODATA: no record matches the query name (nor, for a wildcard NODATA, the wildcard).</summary>
    MissingMatchingRecord = 6,

    /// <summary>The query name (or an empty non-terminal at it) exists, so it cannot be NXDOMAIN.</summary>
    NameExists = 7,

    /// <summary>The wildcard at the closest encloser exists, so the answer should have been synthesised from it.</summary>
    WildcardExists = 8,

    /// <summary>NODATA: the matching record's type bitmap has the query type.</summary>
    TypePresent = 9,

    /// <summary>NODATA: the matching record's type bitmap has CNAME, so the answer should have been the CNAME.</summary>
    CnamePresent = 10,

    /// <summary>The proving record belongs to a delegation point (NS without SOA) or a DNAME, so it speaks for another zone (RFC 6840 §4.1).</summary>
    DelegationOrDname = 11,

    /// <summary>NSEC3: a hash algorithm other than 1.</summary>
    UnsupportedHashAlgorithm = 12,

    /// <summary>NSEC3: the records disagree on hash algorithm, iterations or salt.</summary>
    InconsistentParameters = 13,

    /// <summary>NSEC3: more iterations than the caller's limit; the proof was not attempted (RFC 9276 §3.2 lets validators treat such answers as insecure).</summary>
    TooManyIterations = 14,
}
