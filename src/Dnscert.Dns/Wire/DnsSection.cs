namespace Dnscert.Dns.Wire;

public enum DnsSection
{
    Question = 0,
    Answer = 1,
    Authority = 2,
    Additional = 3,
}
