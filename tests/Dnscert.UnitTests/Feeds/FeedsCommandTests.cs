using System.Net;
using System.Net.Sockets;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;
using Dnscert.Store;
using Dnscert.UnitTests.Cli;

namespace Dnscert.UnitTests.Feeds;

/// <summary><c>dnscert feeds ingest</c> end to end into a real SQLite store, and fetching over loopback HTTP (127.64.0.x).</summary>
public sealed class FeedsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dnscert-feeds-" + Guid.NewGuid().ToString("N"));
    private readonly string _psl;

    public FeedsCommandTests()
    {
        Directory.CreateDirectory(_dir);
        _psl = Path.Combine(_dir, "psl.dat");
        File.WriteAllText(_psl, PublicSuffixListTests.SmallList);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Two_feeds_naming_the_same_domain_make_one_observation_with_both_feeds_and_raw_lines_as_evidence()
    {
        var data = Path.Combine(_dir, "data");
        var allow = Write("allow.txt", "# false positives\n.cdn.example.com\n");
        var a = Write("a.txt", "www.evil.co.uk\ncdn.example.com\nlocalhost\n");
        var b = Write("b.csv", "domain,category\nlogin.evil.co.uk,phishing\n");

        var (code, output, error) = await InProcessCli.Run("feeds", "ingest", a, "--parser", "plain", "--feed", "feed-a", "--threat", "abuse.phishing", "--allow", allow, "--psl", _psl, "--data", data, "-v");
        Assert.True(code == 0, error);
        Assert.StartsWith("Read 3 lines: 2 entries, 1 rejected (1 × not a domain (single label)), 1 allow-listed, 1 new observations (0 updated)", output, StringComparison.Ordinal);
        Assert.Contains("line 3: not a domain (single label): localhost", output, StringComparison.Ordinal);

        (code, output, error) = await InProcessCli.Run("feeds", "ingest", b, "--parser", "csv", "--columns", "value=domain,threat=category", "--feed", "feed-b", "--tlp", "green", "--psl", _psl, "--data", data);
        Assert.True(code == 0, error);
        Assert.Contains("0 new observations (1 updated)", output, StringComparison.Ordinal);

        await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, TimeProvider.System, cancellationToken: TestContext.Current.CancellationToken);
        var observation = await store.Observations.FindOpenAsync(FeedIngestor.FingerprintOf(new Subject(SubjectKind.Domain, "evil.co.uk"), "abuse.phishing"), TestContext.Current.CancellationToken);
        Assert.NotNull(observation);
        Assert.EndsWith("reported by feeds: feed-a, feed-b", observation.Summary, StringComparison.Ordinal);
        Assert.Equal(2, observation.EvidenceIds.Count);
        var raws = new List<string>();
        foreach (var id in observation.EvidenceIds)
        {
            var blob = await store.Evidence.GetAsync(id, TestContext.Current.CancellationToken);
            raws.Add(Encoding.UTF8.GetString(blob!.Content.Span));
        }

        Assert.Equal(["login.evil.co.uk,phishing", "www.evil.co.uk"], raws.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_parser_threat_or_tlp_is_a_one_line_user_error()
    {
        var a = Write("a.txt", "x.com\n");
        foreach (var args in new[] { new[] { "--parser", "nope" }, ["--parser", "plain", "--threat", "abuse.nope"], ["--parser", "plain", "--tlp", "purple"] })
        {
            var (code, _, error) = await InProcessCli.Run(["feeds", "ingest", a, .. args, "--psl", _psl, "--dry-run"]);
            Assert.Equal(Dnscert.Cli.DnscertApp.UserErrorExitCode, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task Fetching_over_http_sends_the_etag_back_and_gets_not_modified()
    {
        using var server = new TinyHttpServer(IPAddress.Parse("127.64.0.1"), "phish.example.com\nc2.example.org\n", "\"v1\"");
        using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
        var first = await fetcher.FetchAsync(server.Url, null, TestContext.Current.CancellationToken);
        Assert.False(first.NotModified);
        Assert.Equal("\"v1\"", first.State.ETag);
        using (var reader = new StreamReader(first.Content!))
        {
            Assert.Equal("phish.example.com\nc2.example.org\n", await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        }

        var second = await fetcher.FetchAsync(server.Url, first.State, TestContext.Current.CancellationToken);
        Assert.True(second.NotModified);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused()
    {
        using var server = new TinyHttpServer(IPAddress.Parse("127.64.0.2"), new string('x', 10_000) + "\n", null);
        using var fetcher = new FeedFetcher(new FeedFetchLimits { MaxBytes = 1000 });
        var ex = await Assert.ThrowsAsync<DnscertException>(() => fetcher.FetchAsync(server.Url, null, TestContext.Current.CancellationToken));
        Assert.Contains("limit of 1000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_reads_a_feed_from_a_loopback_url()
    {
        using var server = new TinyHttpServer(IPAddress.Parse("127.64.0.3"), "phish.example.com\nwww.phish.example.com\n", null);
        var (code, output, error) = await InProcessCli.Run("feeds", "ingest", server.Url.ToString(), "--parser", "plain", "--psl", _psl, "--dry-run");
        Assert.True(code == 0, error);
        Assert.StartsWith("Read 2 lines: 2 entries, 0 rejected, 0 allow-listed, 1 distinct indicators", output, StringComparison.Ordinal);
    }

    /// <summary>A minimal HTTP/1.1 server on a loopback address: one body, an optional ETag, 304 when If-None-Match matches.</summary>
    private sealed class TinyHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly byte[] _body;
        private readonly string? _etag;
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public TinyHttpServer(IPAddress address, string body, string? etag)
        {
            _body = Encoding.UTF8.GetBytes(body);
            _etag = etag;
            _listener = new TcpListener(address, 0);
            _listener.Start();
            Url = new Uri($"http://{address}:{((IPEndPoint)_listener.LocalEndpoint).Port}/feed.txt");
            _ = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    string? ifNoneMatch = null;
                    while (await reader.ReadLineAsync() is { Length: > 0 } line)
                    {
                        if (line.StartsWith("If-None-Match:", StringComparison.OrdinalIgnoreCase))
                        {
                            ifNoneMatch = line["If-None-Match:".Length..].Trim();
                        }
                    }

                    Interlocked.Increment(ref _requests);
                    var notModified = _etag is not null && ifNoneMatch == _etag;
                    var head = new StringBuilder(notModified ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 200 OK\r\n");
                    if (_etag is not null)
                    {
                        head.Append("ETag: ").Append(_etag).Append("\r\n");
                    }

                    head.Append("Content-Length: ").Append(notModified ? 0 : _body.Length).Append("\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                    if (!notModified)
                    {
                        await stream.WriteAsync(_body);
                    }
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
