using System.Security.Cryptography;
using System.Text;

namespace Dnscert.Core.Store;

/// <summary>
/// A report rendered once and kept as it was published: its HTML and JSON never change afterwards, so the numbers a
/// consultation discusses are the numbers everyone read, whatever observations arrive later (docs/reports.md).
/// <paramref name="Sha256"/> is <see cref="HashOf"/> of the two documents, so a copy can be checked against the store.
/// <paramref name="CommentsUntil"/> null keeps the consultation open until someone closes it (<paramref name="ClosedAt"/>).
/// List reads carry empty <paramref name="Html"/> and <paramref name="Json"/>.
/// </summary>
public sealed record PublishedReport(
    Guid Id,
    string Kind,
    string Title,
    DateOnly From,
    DateOnly To,
    string Language,
    Tlp Tlp,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    string Sha256,
    string Html,
    string Json,
    DateTimeOffset? CommentsUntil,
    DateTimeOffset? ClosedAt,
    string? ClosedBy)
{
    /// <summary>Longest title: it is shown in lists and page headings.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Whether comments and stances are accepted at <paramref name="now"/>: not closed by hand and before the closing date.</summary>
    public bool IsOpenAt(DateTimeOffset now) => ClosedAt is null && (CommentsUntil is not { } until || now < until);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 HTML, one NUL byte, then the UTF-8 JSON.</summary>
    public static string HashOf(string html, string json)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(json);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(html));
        hash.AppendData([0]);
        hash.AppendData(Encoding.UTF8.GetBytes(json));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
