namespace Dnscert.Core.Store;

/// <summary>What became of a comment or stance sent to the store: the check and the write happen in one transaction.</summary>
public enum ConsultationOutcome
{
    Recorded = 0,

    /// <summary>No such report (or one the author may not see).</summary>
    NotFound = 1,

    /// <summary>Closed by hand or past its closing date.</summary>
    Closed = 2,

    /// <summary>The report already holds the most comments, or the user changed stance the most times, the store keeps.</summary>
    LimitReached = 3,
}
