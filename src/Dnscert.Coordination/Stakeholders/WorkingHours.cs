namespace Dnscert.Coordination.Stakeholders;

/// <summary>When an organisation answers, in its own IANA time zone (<c>Europe/Paris</c>), Monday to Friday unless <paramref name="Days"/> says otherwise.</summary>
public sealed record WorkingHours(string TimeZone, TimeOnly Start, TimeOnly End, IReadOnlyList<DayOfWeek> Days)
{
    public static IReadOnlyList<DayOfWeek> WeekDays { get; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}
