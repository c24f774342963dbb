using System.Text;
using CsCheck;
using Dnscert.Feeds;

namespace Dnscert.UnitTests.Feeds;

/// <summary>
/// What every parser must survive: empty, truncated, binary and huge-line variants of a valid sample, and random
/// bytes — always items, never an exception.
/// </summary>
public abstract class FeedParserTestBase
{
    protected static readonly FeedLimits SmallLimits = new() { MaxLineLength = 1024, MaxDocumentBytes = 1024 * 1024, MaxEntries = 100_000 };

    protected abstract IFeedParser CreateParser();

    /// <summary>A valid feed with exactly <see cref="SampleDomains"/> as its domain entries.</summary>
    protected abstract string Sample { get; }

    protected static readonly string[] SampleDomains = ["phish.example.com", "malware.example.net", "c2.example.org"];

    protected List<FeedItem> Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    protected List<FeedItem> Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. CreateParser().Parse(stream, TestContext.Current.CancellationToken)];
    }

    [Fact]
    public void The_sample_yields_its_domains()
    {
        var items = Parse(Sample);
        Assert.Equal(SampleDomains, items.Where(i => i.Entry?.Kind == Dnscert.Core.Store.SubjectKind.Domain).Select(i => i.Entry!.Value));
    }

    [Fact]
    public void An_empty_feed_yields_no_entries()
    {
        Assert.DoesNotContain(Parse(string.Empty), i => i.Entry is not null);
    }

    [Fact]
    public void Every_truncation_of_the_sample_parses_without_throwing()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample);
        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 50))
        {
            var items = Parse(bytes[..length]);
            Assert.All(items, i => Assert.True(i.Entry is not null ^ i.Rejection is not null));
        }
    }

    [Fact]
    public void Binary_input_is_rejected_not_thrown()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var items = Parse(bytes);
        Assert.DoesNotContain(items, i => i.Entry?.Value is { Length: 0 });
        Assert.All(items.Where(i => i.Rejection is not null), i => Assert.False(string.IsNullOrEmpty(i.Rejection!.Reason)));
    }

    [Fact]
    public void A_huge_line_is_rejected_with_a_reason()
    {
        var items = Parse(new string('a', 2_000_000));
        var rejection = Assert.Single(items).Rejection;
        Assert.NotNull(rejection);
        Assert.True(rejection.Raw.Length <= 201, "raw text is cut");
    }

    [Fact]
    public void Random_text_never_throws() =>
        Gen.String.Sample(text => Parse(text).All(i => i.Entry is not null ^ i.Rejection is not null), iter: 300);
}
