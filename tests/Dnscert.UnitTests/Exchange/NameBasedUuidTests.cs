using Dnscert.Exchange;

namespace Dnscert.UnitTests.Exchange;

public sealed class NameBasedUuidTests
{
    [Theory]
    // Vectors computed independently with Python's uuid.uuid5 (RFC 9562 §5.5).
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    [InlineData("00abedb4-aa42-466c-9c01-fed23315a9b7", "{\"value\":\"example.com\"}", "bedb4899-d24b-5401-bc86-8f6b4cc18ec7")]
    [InlineData("00abedb4-aa42-466c-9c01-fed23315a9b7", "{\"value\":\"198.51.100.3\"}", "28bb3599-77cd-5a82-a950-b5bc3caf07c4")]
    public void Derives_the_RFC_9562_version_5_uuid(string ns, string name, string expected)
    {
        Assert.Equal(new Guid(expected), NameBasedUuid.Create(new Guid(ns), name));
    }

    [Fact]
    public void Sets_version_5_and_the_RFC_variant_and_differs_per_name()
    {
        var a = NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "a").ToString("D");
        var b = NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "b").ToString("D");
        Assert.Equal('5', a[14]);
        Assert.Contains(a[19], "89ab");
        Assert.NotEqual(a, b);
    }
}
