namespace Dnscert.Lab.Scenarios;

/// <summary>Signature validity used when a scenario does not say: one hour back, thirty days ahead.</summary>
public static class SignDefaults
{
    public static readonly TimeSpan Inception = TimeSpan.FromHours(-1);
    public static readonly TimeSpan Expiration = TimeSpan.FromDays(30);
}
