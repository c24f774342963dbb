namespace Dnscert.Checks.Rules;

/// <summary>
/// The verdict of <see cref="SpfPolicyValidator"/> on one SPF policy: valid, or the first error with the
/// character position where it was found (0-based). The terms are kept so callers can tell a null policy.
/// </summary>
public sealed record SpfValidation(bool IsValid, string? Error, int Position, IReadOnlyList<string> Terms)
{
    /// <summary>A null policy (RFC 7208 terms: exactly one, <c>-all</c>) authorises no sender at all.</summary>
    public bool IsNullPolicy => IsValid && Terms.Count == 1 && string.Equals(Terms[0], "-all", StringComparison.OrdinalIgnoreCase);

    /// <summary>Terms that make check_host() query the DNS (RFC 7208 §4.6.4 caps them at 10 per evaluation).</summary>
    public int DnsLookupTerms { get; init; }
}
