namespace Dnscert.Dns.Dnssec;

/// <summary>
/// The outcome of one RRSIG verification: a status, the time that made it fail (expiration or inception) when
/// that was the reason, the algorithm when unsupported, and a sentence for the report.
/// </summary>
public sealed record SignatureResult(SignatureStatus Status, string Detail)
{
    public static SignatureResult Valid { get; } = new(SignatureStatus.Valid, "The signature is valid.");

    /// <summary>Expiration (for <see cref="SignatureStatus.Expired"/>) or inception (for <see cref="SignatureStatus.NotYetValid"/>).</summary>
    public DateTimeOffset? Time { get; init; }

    public byte? Algorithm { get; init; }

    public bool IsValid => Status == SignatureStatus.Valid;

    public static SignatureResult Expired(DateTimeOffset expiration) =>
        new(SignatureStatus.Expired, $"The signature expired at {expiration:u}.") { Time = expiration };

    public static SignatureResult NotYetValid(DateTimeOffset inception) =>
        new(SignatureStatus.NotYetValid, $"The signature is not valid before {inception:u}.") { Time = inception };

    public static SignatureResult UnsupportedAlgorithm(byte algorithm, string reason) =>
        new(SignatureStatus.UnsupportedAlgorithm, reason) { Algorithm = algorithm };

    public static SignatureResult MalformedKey(string reason) => new(SignatureStatus.MalformedKey, reason);

    public override string ToString() => $"{Status}: {Detail}";
}
