using System.Security.Cryptography;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Store;

public sealed class ObservationCandidatesTests
{
    [Fact]
    public void The_UTF_8_values_a_store_binds_are_the_candidates_strings_encoded()
    {
        // Non-ASCII text and more rows than the first buffer holds, so the buffer grows while earlier rows are in it.
        var candidates = new ObservationCandidates(2, Severity.Warning, Tlp.Amber);
        var time = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var rows = new List<(string Subject, string Fingerprint, string Summary, string[] Lines)>();
        for (var i = 0; i < 500; i++)
        {
            var subject = i % 3 == 0 ? $"bücher{i}.example" : $"host{i}.example";
            var lines = i % 4 == 0 ? Array.Empty<string>() : Enumerable.Range(0, 1 + (i % 3)).Select(l => $"{subject} línea {l} \"{new string('x', i)}\"").ToArray();
            var fingerprint = $"domain|abuse.phishing|{subject}";
            var summary = $"{subject}; reported by feeds: feed-ö";
            candidates.Add(Guid.NewGuid(), new Subject(SubjectKind.Domain, subject), "abuse.phishing", time, time, fingerprint, lines, lines.Length, summary);
            rows.Add((subject, fingerprint, summary, lines));
        }

        Assert.True(candidates.HasUtf8);
        for (var i = 0; i < rows.Count; i++)
        {
            var (subject, fingerprint, summary, lines) = rows[i];
            Assert.Equal(Encoding.UTF8.GetBytes(subject), candidates.SubjectUtf8At(i).ToArray());
            Assert.Equal("abuse.phishing"u8.ToArray(), candidates.ThreatTypeIdUtf8At(i).ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(fingerprint), candidates.FingerprintUtf8At(i).ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(summary), candidates.SummaryUtf8At(i).ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(string.Concat(lines)), candidates.LinesUtf8At(i).ToArray());
            for (var l = 0; l < lines.Length; l++)
            {
                Assert.Equal(Encoding.UTF8.GetByteCount(lines[l]), candidates.LineUtf8LengthAt(i, l));
                Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(lines[l])), candidates.HashAt(i, l).ToArray());
            }
        }

        candidates.ReleaseUtf8();
        Assert.False(candidates.HasUtf8);
        Assert.Throws<InvalidOperationException>(() => candidates.SummaryUtf8At(0).Length);
        Assert.Equal(rows[7].Summary, candidates.SummaryAt(7));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rows[7].Lines[0]))), candidates.ToObservation(7).EvidenceIds[0]);
    }

    [Fact]
    public void A_candidate_knows_its_kind_line_count_whether_its_lines_need_escaping_and_the_batch_its_order()
    {
        var time = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var candidates = new ObservationCandidates(4, Severity.Warning, Tlp.Amber);
        void Add(SubjectKind kind, string fingerprint, params string[] lines) =>
            candidates.Add(Guid.NewGuid(), new Subject(kind, "x.example"), "abuse.phishing", time, time, fingerprint, lines, lines.Length, "s");

        Add(SubjectKind.Domain, "feed|a|Domain|a.example", "a.example", "www.a.example");
        Add(SubjectKind.Url, "feed|a|Url|http://b.example/", "http://b.example/ \"quoted\"");
        Add(SubjectKind.IpAddress, "feed|a|Url|http://c.example/");
        Assert.True(candidates.FingerprintsAscendInAscii);
        Add(SubjectKind.Domain, "feed|a|Url|http://c.example/", "bücher.example");

        Assert.Equal([SubjectKind.Domain, SubjectKind.Url, SubjectKind.IpAddress, SubjectKind.Domain], Enumerable.Range(0, 4).Select(candidates.SubjectKindAt));
        Assert.Equal([2, 1, 0, 1], Enumerable.Range(0, 4).Select(candidates.LineCountAt));
        Assert.Equal([true, false, true, false], Enumerable.Range(0, 4).Select(candidates.LinesArePlainJsonAt));

        // A repeated fingerprint ends the strictly ascending run, as would a smaller or a non-ASCII one.
        Assert.False(candidates.FingerprintsAscendInAscii);
        var nonAscii = new ObservationCandidates(2, Severity.Warning, Tlp.Amber);
        nonAscii.Add(Guid.NewGuid(), new Subject(SubjectKind.Domain, "b"), "t", time, time, "feed|t|Domain|bücher", [], 0, "s");
        Assert.False(nonAscii.FingerprintsAscendInAscii);
    }
}
