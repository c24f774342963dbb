using CsCheck;
using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Notifications;

public sealed class AcknowledgementTokenTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly Guid s_incident = new("0193b000-0000-7000-8000-000000000042");

    [Fact]
    public void A_token_names_its_incident_and_stakeholder_until_it_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var tokens = new AcknowledgementToken(s_key, time);
        var token = tokens.Create(s_incident, "registry-fr", TimeSpan.FromDays(7));
        Assert.True(tokens.TryRead(token, out var claim, out _));
        Assert.Equal((s_incident, "registry-fr"), (claim.IncidentId, claim.StakeholderId));
        time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.False(tokens.TryRead(token, out _, out var reason));
        Assert.Equal("the link has expired", reason);
    }

    [Fact]
    public void A_token_from_another_key_or_altered_is_refused()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var token = new AcknowledgementToken(s_key, time).Create(s_incident, "registry-fr", TimeSpan.FromDays(7));
        var other = new AcknowledgementToken([.. s_key.Select(b => (byte)(b + 1))], time);
        Assert.False(other.TryRead(token, out _, out var reason));
        Assert.Contains("signature does not match", reason, StringComparison.Ordinal);
        var altered = (token[0] == 'A' ? "B" : "A") + token[1..];
        Assert.False(new AcknowledgementToken(s_key, time).TryRead(altered, out _, out _));
    }

    [Fact]
    public void Random_strings_are_refused_without_throwing()
    {
        var tokens = new AcknowledgementToken(s_key, new FakeTimeProvider());
        Gen.String.Sample(text => !tokens.TryRead(text, out _, out var reason) && reason.Length > 0, iter: 5000);
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 40]).Sample(
            (payload, mac) => !tokens.TryRead(System.Buffers.Text.Base64Url.EncodeToString(payload) + "." + System.Buffers.Text.Base64Url.EncodeToString(mac), out _, out _),
            iter: 5000);
    }
}
