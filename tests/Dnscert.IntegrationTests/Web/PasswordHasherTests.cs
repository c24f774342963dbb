using Dnscert.Web.Auth;

namespace Dnscert.IntegrationTests.Web;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_has_the_documented_format_and_verifies_only_its_password()
    {
        var hash = PasswordHasher.Hash("s3cret password", 1000);
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "1000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(PasswordHasher.Verify("s3cret password", hash));
        Assert.False(PasswordHasher.Verify("s3cret passwore", hash));
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(PasswordHasher.Hash("same password", 1000), PasswordHasher.Hash("same password", 1000));
    }

    [Fact]
    public void The_default_iteration_count_is_high() =>
        Assert.StartsWith($"pbkdf2-sha256${PasswordHasher.DefaultIterations}$", PasswordHasher.Hash("x-password"), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$!!$AAAA")]
    [InlineData("md5$1$AAAA$AAAA")]
    public void Malformed_hashes_never_verify(string encoded) => Assert.False(PasswordHasher.Verify("anything", encoded));
}
