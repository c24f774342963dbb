using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CsCheck;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Rules;

namespace Dnscert.UnitTests.Checks.Connectivity;

/// <summary>The RIPE RIS whois source of CONNECTIVITY03/04: the answer's parser, the RFC 3912 client and the lookup, against a tiny whois server on 127.76.0.1.</summary>
public sealed class RisWhoisTests
{
    private const string Answer = """
        % This is a RIS whois answer written for the dnscert tests.
        % Lines starting with % are comments.

        64500	192.0.2.0/24	300
        64501	192.0.2.0/25	12

        """;

    private static readonly IPAddress s_address = IPAddress.Parse("192.0.2.53");

    [Fact]
    public void The_most_specific_route_that_covers_the_address_wins()
    {
        var record = RisWhoisRecord.Parse(Answer, s_address, out var error);
        Assert.Null(error);
        Assert.Equal(64501, record!.Asn);
        Assert.Equal("192.0.2.0/25", record.Prefix.ToString());
        Assert.Equal(64500, RisWhoisRecord.Parse(Answer, IPAddress.Parse("192.0.2.200"), out _)!.Asn);
    }

    [Fact]
    public void An_answer_with_comments_only_means_the_address_is_not_announced()
    {
        Assert.Null(RisWhoisRecord.Parse("% no entries found\n\n", s_address, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("AS-FOO 192.0.2.0/24 1", "line 1: \"AS-FOO\" is not an AS number")]
    [InlineData("64500 192.0.2.1/24 1", "line 1: \"192.0.2.1/24\" is not a CIDR prefix")]
    [InlineData("% c\n64500", "line 2: \"64500\" is not a CIDR prefix")]
    [InlineData("0 192.0.2.0/24 1", "line 1: \"0\" is not an AS number")]
    [InlineData("64500 198.51.100.0/24 1", "none of the 1 routes in the answer covers 192.0.2.53")]
    public void A_bad_answer_is_an_error_that_names_the_line(string text, string expected)
    {
        Assert.Null(RisWhoisRecord.Parse(text, s_address, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Answers_beyond_the_line_limits_are_refused()
    {
        RisWhoisRecord.Parse(new string('%', RisWhoisRecord.MaxLineLength + 1), s_address, out var longLine);
        Assert.StartsWith("line 1 is 1025 characters long", longLine, StringComparison.Ordinal);
        RisWhoisRecord.Parse(string.Concat(Enumerable.Repeat("%\n", RisWhoisRecord.MaxLines + 1)), s_address, out var manyLines);
        Assert.Equal($"the answer has more than {RisWhoisRecord.MaxLines} lines", manyLines);
    }

    [Fact]
    public void Any_text_gives_a_record_an_empty_result_or_an_error_and_never_throws() =>
        Gen.Char["0123456789./ \t\n\r%ASabc:"].Array[0, 400].Sample(chars =>
        {
            var record = RisWhoisRecord.Parse(new string(chars), s_address, out var error);
            Assert.True(record is null || (error is null && record.Prefix.Contains(s_address) && record.Asn is >= 1 and <= uint.MaxValue));
        });

    [Fact]
    public void Generated_route_lines_read_back_as_written() =>
        Gen.Select(Gen.Long[1, uint.MaxValue], Gen.Int[8, 32], Gen.Int[0, 5000]).Sample((asn, length, peers) =>
        {
            var network = new IPNetwork(IPAddress.Parse("10.0.0.0"), 8);
            var prefix = new IPNetwork(MaskTo(IPAddress.Parse("10.20.30.40"), length), length);
            var text = string.Create(CultureInfo.InvariantCulture, $"% header\n{asn}\t{prefix}\t{peers}\n");
            var record = RisWhoisRecord.Parse(text, IPAddress.Parse("10.20.30.40"), out var error);
            Assert.Null(error);
            Assert.Equal((asn, prefix), (record!.Asn, record.Prefix));
            Assert.True(network.Contains(record.Prefix.BaseAddress));
        });

    private static IPAddress MaskTo(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) & (length == 0 ? 0 : uint.MaxValue << (32 - length));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    [Theory]
    [InlineData("riswhois.ripe.net", "riswhois.ripe.net.", 43, null)]
    [InlineData("whois.example:4343", "whois.example.", 4343, null)]
    [InlineData("127.76.0.1", null, 43, "127.76.0.1")]
    [InlineData("127.76.0.1:4343", null, 4343, "127.76.0.1")]
    [InlineData("[::1]:4343", null, 4343, "::1")]
    [InlineData("::1", null, 43, "::1")]
    public void Server_specs_name_a_host_or_an_address_and_a_port(string spec, string? host, int port, string? address)
    {
        Assert.True(RisWhoisLookup.TryParseServer(spec, out var h, out var p, out var a));
        Assert.Equal((host, port, address), (h?.ToString(), p, a?.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("bad host")]
    public void Bad_server_specs_are_refused(string spec) => Assert.False(RisWhoisLookup.TryParseServer(spec, out _, out _, out _));

    [Fact]
    public async Task The_client_sends_one_CRLF_line_and_reads_the_answer_until_the_server_closes()
    {
        await using var server = new TinyWhoisServer(_ => Answer);
        var exchange = await new WhoisClient(TimeProvider.System).QueryAsync("tiny", server.EndPoint, "-F -M 192.0.2.53", TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(exchange.Answered, exchange.Failure);
        Assert.Equal(Answer, exchange.Response);
        Assert.Equal(["-F -M 192.0.2.53"], server.Queries);
    }

    [Fact]
    public async Task A_server_that_drips_ends_at_the_deadline()
    {
        await using var server = new TinyWhoisServer(_ => Answer, TinyWhoisServer.Mode.Drip);
        var exchange = await new WhoisClient(TimeProvider.System).QueryAsync("tiny", server.EndPoint, "-F -M 192.0.2.53", TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);
        Assert.False(exchange.Answered);
        Assert.StartsWith("no complete answer within", exchange.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_stops_is_cut_at_the_size_limit()
    {
        await using var server = new TinyWhoisServer(_ => "", TinyWhoisServer.Mode.Endless);
        var exchange = await new WhoisClient(TimeProvider.System).QueryAsync("tiny", server.EndPoint, "-F -M 192.0.2.53", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal($"the answer is larger than {WhoisClient.MaxResponseBytes} bytes", exchange.Failure);
    }

    [Fact]
    public async Task A_closed_port_is_a_refused_connection()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(TinyWhoisServer.Address, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var exchange = await new WhoisClient(TimeProvider.System).QueryAsync("tiny", new IPEndPoint(TinyWhoisServer.Address, port), "x", TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal("connection refused", exchange.Failure);
    }

    [Fact]
    public async Task The_lookup_asks_once_per_address_and_gives_found_empty_and_error_with_evidence()
    {
        await using var server = new TinyWhoisServer(query => query switch
        {
            "-F -M 192.0.2.53" => Answer,
            "-F -M 198.51.100.1" => "% no entries found\n",
            _ => "garbage here\n",
        });
        var options = new CheckOptions();
        using var runner = new QueryRunner(TimeProvider.System, options);
        var lookup = new RisWhoisLookup(new WhoisClient(TimeProvider.System), new IterativeResolver(runner, [], options), server.EndPoint.ToString(), TimeSpan.FromSeconds(5));
        var results = await lookup.LookupAsync([s_address, IPAddress.Parse("198.51.100.1"), IPAddress.Parse("203.0.113.9"), s_address], TestContext.Current.CancellationToken);

        Assert.Equal([AsnLookupStatus.Found, AsnLookupStatus.Empty, AsnLookupStatus.Error], results.Select(r => r.Status));
        Assert.Equal([64501L], results[0].Asns);
        Assert.Equal("192.0.2.0/25", results[0].Prefix.ToString());
        Assert.Contains("does not parse", results[2].Reason, StringComparison.Ordinal);
        Assert.All(results, r => Assert.Equal("whois/TCP", Assert.Single(r.Evidence).Transport));
        Assert.Equal(3, server.Queries.Count);
    }
}
