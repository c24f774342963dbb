namespace Dnscert.Lab.Scenarios;

/// <summary>What a verification probe must observe; unset fields are not checked.</summary>
public sealed class ProbeExpectation
{
    /// <summary>True when the server must not answer at all (time-out or refused connection).</summary>
    public bool? NoResponse { get; set; }

    public string? Rcode { get; set; }

    public bool? Aa { get; set; }

    public bool? Tc { get; set; }

    public bool? Ra { get; set; }

    /// <summary>Number of records in the answer section.</summary>
    public int? AnswerCount { get; set; }

    /// <summary>A regular expression that some answer-section line (dig presentation) must match.</summary>
    public string? AnswerMatches { get; set; }

    /// <summary>A regular expression that no answer-section line may match.</summary>
    public string? AnswerNotMatches { get; set; }

    /// <summary>A regular expression that some authority-section line must match.</summary>
    public string? AuthorityMatches { get; set; }

    /// <summary>For RRSIGs in the answer: <c>past</c>, <c>future</c> or <c>within:2d</c> (future but closer than that).</summary>
    public string? RrsigExpiration { get; set; }

    /// <summary>True when the answer must not be a valid DNS message (garbage, wrong id, loops).</summary>
    public bool? Malformed { get; set; }
}
