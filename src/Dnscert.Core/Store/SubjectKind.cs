namespace Dnscert.Core.Store;

/// <summary>What an observation is about.</summary>
public enum SubjectKind
{
    Zone = 0,
    Domain = 1,
    NameServer = 2,
    IpAddress = 3,
    Prefix = 4,
    Url = 5,
    Resolver = 6,
}
