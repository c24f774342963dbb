namespace Dnscert.Web.Consultation;

/// <summary>One entry of the stance history: who, for which organisation, which stance, when.</summary>
public sealed record ReportStanceView(string User, string Organisation, string Stance, DateTimeOffset At);
