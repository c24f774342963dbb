using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Reports;

/// <summary>Builds observations with known days, subjects, threat types and severities for the report tests.</summary>
internal static class ReportData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static Observation Make(
        string domain,
        string threat,
        Severity severity,
        int firstDay,
        int lastDay,
        bool resolved = false,
        double firstHour = 1,
        double lastHour = 13,
        SubjectKind kind = SubjectKind.Domain) =>
        new(
            Guid.CreateVersion7(),
            new Subject(kind, domain),
            threat,
            severity,
            Tlp.Green,
            Start.AddDays(firstDay).AddHours(firstHour),
            Start.AddDays(lastDay).AddHours(lastHour),
            resolved ? ObservationState.Resolved : ObservationState.Open,
            $"{threat}|{domain}",
            [],
            "test");

    public static DateOnly Day(int offset) => DateOnly.FromDateTime(Start.UtcDateTime).AddDays(offset);
}
