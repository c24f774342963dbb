using Dnscert.Core.Store;

namespace Dnscert.Web.Consultation;

/// <summary>A comment with its author's organisation id and its name in the directory (null for the instance's own team).</summary>
public sealed record ReportCommentView(Guid Id, string Author, string? Organisation, string? OrganisationName, DateTimeOffset At, string Text)
{
    public static ReportCommentView Of(ReportComment comment, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentNullException.ThrowIfNull(names);
        return new(comment.Id, comment.Author, comment.Organisation, comment.Organisation is { } o ? names.GetValueOrDefault(o, o) : null, comment.At, comment.Text);
    }
}
