using System.Net;
using CsCheck;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Reports.Rendering;
using Dnscert.Web.Consultation;

namespace Dnscert.UnitTests.Reports;

/// <summary>
/// What strangers type into a consultation: comment texts, cursors and closing dates. Whatever the input, each
/// parser either accepts something within its limits or refuses with its own error, and never throws anything else;
/// comments come out of every page HTML-encoded; the tally counts each user's latest stance once.
/// </summary>
public sealed class ConsultationPropertyTests
{
    // Letters, white space, markup characters, controls, direction overrides and lone surrogates.
    private static readonly Gen<string> s_hostile = Gen.OneOf(
        Gen.String,
        Gen.Char["ab <>&\"'\n\r\t\u0000\u0007\u007f\u202e\u2066\u2028\ud800\udc00é"].Array[0, 60].Select(c => new string(c)),
        Gen.Int[3990, 8100].Select(n => new string('x', n)),
        Gen.Int[95, 105].Select(n => string.Join('\n', Enumerable.Repeat("line", n))));

    [Fact]
    public void A_comment_is_accepted_within_its_limits_or_refused_with_a_reason_and_never_throws()
    {
        s_hostile.Sample(input =>
        {
            var (text, error) = ReportCommentText.Check(input);
            if (text is null)
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.EndsWith(".", error, StringComparison.Ordinal);
                return;
            }

            Assert.Null(error);
            Assert.InRange(text.Length, 1, ReportCommentText.MaxLength);
            Assert.True(text.Split('\n').Length <= ReportCommentText.MaxLines);
            Assert.Equal(text.Trim(), text);
            Assert.DoesNotContain(text, c => c != '\n' && c != '\t' && (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029'));
            Assert.DoesNotContain('\r', text);
            for (var i = 0; i < text.Length; i++)
            {
                Assert.False(char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[++i]) : char.IsLowSurrogate(text[i]), "lone surrogate accepted");
            }
        });
    }

    [Fact]
    public void Plain_text_within_the_limits_is_kept_as_typed()
    {
        Gen.Char["abcXYZ 019.,;:!?()àéü-\n"].Array[1, 400].Select(c => new string(c)).Where(s => s.Trim().Length > 0).Sample(input =>
        {
            Assert.Equal((input.Trim(), (string?)null), ReportCommentText.Check(input));
        });
    }

    [Fact]
    public void Comment_cursors_round_trip_and_anything_else_is_a_format_error()
    {
        Gen.Select(Gen.Long[0, 4_000_000_000_000_000], Gen.Guid).Sample((micros, id) =>
        {
            var cursor = new ReportCommentCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
            Assert.Equal(cursor, ConsultationDocument.ParseCursor(ConsultationDocument.FormatCursor(cursor)));
        });
        s_hostile.Sample(text =>
        {
            try
            {
                _ = ConsultationDocument.ParseCursor(text);
            }
            catch (FormatException e)
            {
                Assert.Contains("is not a comment cursor", e.Message, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Closing_dates_are_a_day_a_time_with_offset_or_a_named_error()
    {
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), ReportPublisher.ParseClosing("2026-07-31"));
        Assert.Equal(new DateTimeOffset(2026, 7, 31, 10, 0, 0, TimeSpan.Zero), ReportPublisher.ParseClosing("2026-07-31T12:00:00+02:00"));
        Assert.Null(ReportPublisher.ParseClosing(" "));
        // A time without its offset would depend on the machine's zone: refused.
        Assert.Throws<DnscertException>(() => ReportPublisher.ParseClosing("2026-07-31T12:00:00"));
        s_hostile.Sample(text =>
        {
            try
            {
                _ = ReportPublisher.ParseClosing(text);
            }
            catch (DnscertException e)
            {
                Assert.Contains("is not a closing date", e.Message, StringComparison.Ordinal);
                Assert.True(e.Message.Length < 300);
            }
        });
    }

    [Fact]
    public void Titles_are_one_line_of_bounded_length_or_refused()
    {
        s_hostile.Sample(text =>
        {
            try
            {
                var title = ReportPublisher.CheckTitle(text);
                Assert.InRange(title.Length, 1, PublishedReport.MaxTitleLength);
                Assert.DoesNotContain(title, c => c < ' ' || c == '\u007f');
            }
            catch (DnscertException e)
            {
                Assert.Matches("title|The report needs a title", e.Message);
            }
        });
    }

    [Fact]
    public void The_tally_counts_each_users_latest_stance_once()
    {
        var entry = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[0, 2])
            .Select((user, org, minute, stance) => new ReportStanceEntry(Guid.Empty, $"u{user}", $"org{org}", (ReportStance)stance, DateTimeOffset.UnixEpoch.AddMinutes(minute)));
        entry.List[0, 30].Sample(history =>
        {
            var tally = ReportTally.Of(history);
            var latest = history.Select((e, i) => (e, i)).GroupBy(x => x.e.UserName).Select(g => g.OrderBy(x => x.e.At).ThenBy(x => x.i).Last().e).ToList();
            Assert.Equal(latest.Count, tally.Total);
            Assert.Equal(latest.Count(e => e.Stance == ReportStance.Supports), tally.Supports);
            Assert.Equal(latest.Count(e => e.Stance == ReportStance.Opposes), tally.Opposes);
            Assert.Equal(tally.Total, tally.ByOrganisation.Sum(o => o.Supports + o.SupportsWithReservations + o.Opposes));
        });
    }

    [Fact]
    public void Comments_in_an_export_are_encoded_whatever_they_contain()
    {
        var report = new PublishedReport(Guid.Empty, "threats", "t", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), "en", Tlp.Clear, "analyst", DateTimeOffset.UnixEpoch, new string('0', 64), "<html><body><p>r</p></body></html>", "{}", null, DateTimeOffset.UnixEpoch.AddDays(1), "admin");
        Gen.Select(s_hostile, s_hostile).Sample((author, text) =>
        {
            var comment = new ReportComment(Guid.Empty, Guid.Empty, author, "org<b>", DateTimeOffset.UnixEpoch, text);
            var html = ConsultationHtml.WithConsultation(report, [comment], ReportTally.Of([]), DateTimeOffset.UnixEpoch.AddDays(2), o => o);
            var section = html[html.IndexOf("<section id=\"consultation\">", StringComparison.Ordinal)..];
            Assert.Contains(WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal), section, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(author), section, StringComparison.Ordinal);
            // The generator builds "<b>" and "<a" from its characters; the section itself uses neither.
            Assert.DoesNotContain("<b>", section, StringComparison.Ordinal);
            Assert.DoesNotContain("<a", section, StringComparison.Ordinal);
        });
    }
}
