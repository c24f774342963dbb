using System.Globalization;
using Dnscert.Core.Store;

namespace Dnscert.Web.Consultation;

/// <summary>
/// The rules of a consultation (docs/reports.md): who may comment and state a stance, limits on what they send, and
/// closing. Anonymous readers never take part. A user of a stakeholder organisation listed in the directory comments
/// and states one stance (changeable; the history is kept). The instance's own team (users without an organisation)
/// may answer as analysts or admins but states no stance: it published the report. Everyone must be able to read the
/// report under its TLP. Only admins close a consultation on the web.
/// </summary>
public sealed class ConsultationService
{
    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;

    public ConsultationService(IDnscertStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>What the signed-in <paramref name="userName"/> may do on <paramref name="report"/> now; Why says what they cannot, and why.</summary>
    public async Task<(bool CanComment, bool CanStateStance, string? Why)> RightsAsync(string? userName, PublishedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (user, refusal) = await ParticipantAsync(userName, cancellationToken);
        if (user is null)
        {
            return (false, false, refusal!.Message);
        }

        if (!report.IsOpenAt(_time.GetUtcNow()))
        {
            return (false, false, ClosedMessage(report));
        }

        return user.Organisation is null
            ? (true, false, "Stances are stated by stakeholder organisations; the instance's own team may answer comments.")
            : (true, true, null);
    }

    public async Task<ConsultationResult> CommentAsync(string? userName, Guid reportId, string? text, CancellationToken cancellationToken)
    {
        var (user, refusal) = await ParticipantAsync(userName, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (await _store.PublishedReports.GetAsync(reportId, Viewer.User(user.Name, user.Organisation), cancellationToken) is not { } report)
        {
            return NotFound(reportId);
        }

        var (clean, error) = ReportCommentText.Check(text);
        if (clean is null)
        {
            return new ConsultationResult(400, error!);
        }

        var now = _time.GetUtcNow();
        var outcome = await _store.PublishedReports.AddCommentAsync(new ReportComment(Guid.CreateVersion7(), reportId, user.Name, user.Organisation, now, clean), cancellationToken);
        return Result(outcome, report, now, "Your comment was added.", "This consultation already holds the most comments the instance keeps.");
    }

    public async Task<ConsultationResult> StanceAsync(string? userName, Guid reportId, string? stanceText, CancellationToken cancellationToken)
    {
        var (user, refusal) = await ParticipantAsync(userName, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (await _store.PublishedReports.GetAsync(reportId, Viewer.User(user.Name, user.Organisation), cancellationToken) is not { } report)
        {
            return NotFound(reportId);
        }

        if (user.Organisation is null)
        {
            return new ConsultationResult(403, "Stances are stated by stakeholder organisations; the instance's own team may answer comments.");
        }

        if (ReportStanceText.TryParse(stanceText) is not { } stance)
        {
            return new ConsultationResult(400, $"'{Truncate(stanceText)}' is not a stance: use {string.Join(", ", ReportStanceText.All)}.");
        }

        var now = _time.GetUtcNow();
        var outcome = await _store.PublishedReports.AddStanceAsync(new ReportStanceEntry(reportId, user.Name, user.Organisation, stance, now), cancellationToken);
        return Result(outcome, report, now, $"Your stance is recorded: {ReportStanceText.Of(stance)}.", "You have changed your stance the most times the instance keeps.");
    }

    /// <summary>Closes the consultation now (web: admins; CLI: the operator).</summary>
    public async Task<ConsultationResult> CloseAsync(string closedBy, Guid reportId, CancellationToken cancellationToken)
    {
        if (await _store.PublishedReports.GetAsync(reportId, Viewer.System, cancellationToken) is not { } report)
        {
            return NotFound(reportId);
        }

        return await _store.PublishedReports.CloseAsync(reportId, closedBy, _time.GetUtcNow(), cancellationToken)
            ? new ConsultationResult(200, "The consultation is closed.")
            : new ConsultationResult(409, ClosedMessage(report));
    }

    internal static string ClosedMessage(PublishedReport report) => report.ClosedAt is { } closed
        ? string.Create(CultureInfo.InvariantCulture, $"The consultation was closed by {report.ClosedBy} on {closed.UtcDateTime:yyyy-MM-dd HH:mm} UTC; it takes no more comments or stances.")
        : string.Create(CultureInfo.InvariantCulture, $"The consultation closed on {report.CommentsUntil!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC; it takes no more comments or stances.");

    private static ConsultationResult NotFound(Guid id) => new(404, $"There is no published report {id}.");

    private static ConsultationResult Result(ConsultationOutcome outcome, PublishedReport report, DateTimeOffset now, string recorded, string limit) => outcome switch
    {
        ConsultationOutcome.Recorded => new ConsultationResult(200, recorded),
        ConsultationOutcome.NotFound => NotFound(report.Id),
        // The store decided in its transaction; the report read before may not show a closing that happened since.
        ConsultationOutcome.Closed => new ConsultationResult(409, report.IsOpenAt(now) ? "The consultation was closed meanwhile; it takes no more comments or stances." : ClosedMessage(report)),
        ConsultationOutcome.LimitReached => new ConsultationResult(409, limit),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };

    private static string Truncate(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;

    private async Task<(StoreUser? User, ConsultationResult? Refusal)> ParticipantAsync(string? userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName) || await _store.Users.GetAsync(userName, cancellationToken) is not { } user)
        {
            return (null, new ConsultationResult(403, "Sign in to comment: consultations are open to the stakeholders of the directory."));
        }

        if (user.Organisation is null)
        {
            return user.Role is UserRole.Analyst or UserRole.Admin
                ? (user, null)
                : (null, new ConsultationResult(403, "Viewers of the instance's own team read consultations; analysts and admins answer them."));
        }

        return await _store.Stakeholders.GetAsync(user.Organisation, cancellationToken) is null
            ? (null, new ConsultationResult(403, $"Your organisation '{user.Organisation}' is not in the stakeholder directory, so you cannot take part; ask an administrator."))
            : (user, null);
    }
}
