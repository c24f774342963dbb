using CsCheck;
using Dnscert.Checks.Rules;

namespace Dnscert.UnitTests.Checks.Zone;

public sealed class SpfPolicyValidatorTests
{
    [Theory]
    [InlineData("v=spf1")]
    [InlineData("v=spf1 ")]
    [InlineData("V=SPF1 -ALL")]
    [InlineData("v=spf1 a mx ip4:192.0.2.50 ip6:2001:db8:0:8::50 -all")]
    [InlineData("v=spf1  include:_spf.example.com   ~all  ")]
    [InlineData("v=spf1 a:mail.example.com/24 mx//64 a/24//64 mx:example.org ?all")]
    [InlineData("v=spf1 ip4:10.0.0.0/8 ip4:0.0.0.0/0 ip6:::/0 ip6:::ffff:192.0.2.1 ip6:fe80::1/128 +all")]
    [InlineData("v=spf1 ptr ptr:example.org exists:%{i}.%{l1r+-}._spf.%{d} -all")]
    [InlineData("v=spf1 redirect=_spf.example.net")]
    [InlineData("v=spf1 exp=explain.%{d2} -all")]
    [InlineData("v=spf1 include:%{d}.example.com. -all")]
    [InlineData("v=spf1 exists:%%%_%-.example.com")]
    [InlineData("v=spf1 foo=bar x-custom_1.z= -all")]
    [InlineData("v=spf1 include:a.1-2 -all")]
    public void Accepts_policies_that_follow_the_grammar(string policy)
    {
        var result = SpfPolicyValidator.Validate(policy);
        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("v=spf1 amx-all", "not a known mechanism")]
    [InlineData("spf1 -all", "does not start")]
    [InlineData("v=spf10 -all", "does not start")]
    [InlineData("v=spf1\t-all", "does not start")]
    [InlineData("v=spf1 -all\t", "not printable")]
    [InlineData("v=spf1 include\u000b7\u00a5", "not printable")]
    [InlineData("v=spf1 all:example.com", "all takes no argument")]
    [InlineData("v=spf1 include", "needs")]
    [InlineData("v=spf1 include:", "empty")]
    [InlineData("v=spf1 include:localhost", "top label")]
    [InlineData("v=spf1 include:example.123", "top label")]
    [InlineData("v=spf1 include:example.com-", "top label")]
    [InlineData("v=spf1 a:example.com/33", "IPv4 prefix")]
    [InlineData("v=spf1 a:example.com//129", "IPv6 prefix")]
    [InlineData("v=spf1 mx/024", "IPv4 prefix")]
    [InlineData("v=spf1 ip4:192.0.2.256", "IPv4 address")]
    [InlineData("v=spf1 ip4:192.0.2.01", "IPv4 address")]
    [InlineData("v=spf1 ip4:192.0.2", "IPv4 address")]
    [InlineData("v=spf1 ip4:192.0.2.1/33", "prefix length")]
    [InlineData("v=spf1 ip6:2001:db8::1/129", "prefix length")]
    [InlineData("v=spf1 ip6:2001:db8::g", "IPv6 address")]
    [InlineData("v=spf1 ip6:fe80::1%eth0", "IPv6 address")]
    [InlineData("v=spf1 ip6:192.0.2.1", "IPv6 address")]
    [InlineData("v=spf1 ip4 -all", "needs")]
    [InlineData("v=spf1 ptr/24", "prefix")]
    [InlineData("v=spf1 -redirect=example.com", "modifier name")]
    [InlineData("v=spf1 include:%{d}.", "top label")]
    [InlineData("v=spf1 1x=y", "modifier name")]
    [InlineData("v=spf1 redirect=a.example redirect=b.example", "more than once")]
    [InlineData("v=spf1 exp=a.example exp=b.example", "more than once")]
    [InlineData("v=spf1 exists:%{x}.example.com", "macro letter")]
    [InlineData("v=spf1 exists:%{c}.example.com", "explanation")]
    [InlineData("v=spf1 exists:%{d0}.example.com", "zero labels")]
    [InlineData("v=spf1 exists:%{d}x.example.com%", "percent")]
    [InlineData("v=spf1 exists:%a.example.com", "must be followed")]
    [InlineData("v=spf1 exists:%{d.example.com", "not closed")]
    [InlineData("v=spf1 exists:%{d!}.example.com", "delimiter")]
    [InlineData("v=spf1 exists:%{}.example.com", "empty macro")]
    [InlineData("v=spf1 include:%{d}com", "top label")]
    public void Rejects_policies_that_break_the_grammar(string policy, string reason)
    {
        var result = SpfPolicyValidator.Validate(policy);
        Assert.False(result.IsValid);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Position, 0, policy.Length);
    }

    [Fact]
    public void Tells_the_null_policy_and_counts_lookup_terms()
    {
        Assert.True(SpfPolicyValidator.Validate("v=spf1 -all").IsNullPolicy);
        Assert.True(SpfPolicyValidator.Validate("v=spf1   -ALL ").IsNullPolicy);
        Assert.False(SpfPolicyValidator.Validate("v=spf1 ip4:192.0.2.1 -all").IsNullPolicy);
        Assert.False(SpfPolicyValidator.Validate("v=spf1 ~all").IsNullPolicy);
        Assert.False(SpfPolicyValidator.Validate("v=spf1").IsNullPolicy);
        Assert.Equal(5, SpfPolicyValidator.Validate("v=spf1 a mx ptr include:x.example exists:y.example ip4:192.0.2.1 -all").DnsLookupTerms);
        Assert.Equal(1, SpfPolicyValidator.Validate("v=spf1 redirect=x.example exp=y.example").DnsLookupTerms);
    }

    [Fact]
    public void Refuses_null_and_oversized_input_without_throwing()
    {
        Assert.False(SpfPolicyValidator.Validate(null).IsValid);
        var huge = "v=spf1 " + new string('a', SpfPolicyValidator.MaxLength);
        Assert.Contains("more than a TXT record", SpfPolicyValidator.Validate(huge).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_input_always_gives_a_verdict_never_an_exception()
    {
        // Mostly SPF-shaped noise (the tokens the grammar cares about), plus arbitrary Latin-1 octets.
        var token = Gen.OneOf<string>("v=spf1", " ", "  ", "a", "mx", "ptr", "all", "include", "exists", "ip4", "ip6", "redirect", "exp",
            ":", "/", "//", "=", "%", "%{", "}", "%%", ".", "-", "+", "~", "?", "example", "com", "0", "1", "32", "128", "255", "::", "d", "r", "\t", "\u00a5");
        var noise = Gen.Char[(char)0, (char)255].Select(c => c.ToString());
        var input = Gen.Frequency<string>((6, (IGen<string>)token), (1, noise)).Array[0, 40].Select(parts => string.Concat(parts));
        input.Sample(policy =>
        {
            var result = SpfPolicyValidator.Validate(policy);
            Assert.True(result.IsValid ? result.Error is null : !string.IsNullOrEmpty(result.Error));
            Assert.InRange(result.Position, 0, Math.Max(0, policy.Length));
            Assert.True(result.DnsLookupTerms >= 0);
        }, iter: 20000, print: p => p);
        Gen.String.Sample(s => Assert.NotNull(SpfPolicyValidator.Validate("v=spf1 " + s)), iter: 5000);
    }
}
