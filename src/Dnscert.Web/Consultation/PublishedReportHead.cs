using System.Globalization;
using Dnscert.Core.Store;

namespace Dnscert.Web.Consultation;

/// <summary>What is known about a published report besides its numbers: kind, period, language, marking, publisher, hash and the consultation's state.</summary>
public sealed record PublishedReportHead(
    Guid Id,
    string Kind,
    string Title,
    string From,
    string To,
    string Language,
    Tlp Tlp,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    string Sha256,
    DateTimeOffset? CommentsUntil,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    bool Open)
{
    public static PublishedReportHead Of(PublishedReport r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(
            r.Id, r.Kind, r.Title, r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.Language, r.Tlp, r.PublishedBy, r.PublishedAt, r.Sha256, r.CommentsUntil, r.ClosedAt, r.ClosedBy, r.IsOpenAt(now));
    }
}
