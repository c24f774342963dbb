namespace Dnscert.Coordination.Stakeholders;

/// <summary>How types, functions and days are spelled in directory files: stable lower-case words, unknown ones refused.</summary>
public static class DirectoryCodes
{
    private static readonly (StakeholderType Type, string Code)[] s_types =
    [
        (StakeholderType.TldRegistry, "tld-registry"),
        (StakeholderType.Registrar, "registrar"),
        (StakeholderType.DnsOperator, "dns-operator"),
        (StakeholderType.RootServerOperator, "root-server-operator"),
        (StakeholderType.Rir, "rir"),
        (StakeholderType.NationalCert, "national-cert"),
        (StakeholderType.Coordinator, "coordinator"),
        (StakeholderType.ResearchBody, "research-body"),
        (StakeholderType.ResolverOperator, "resolver-operator"),
        (StakeholderType.LawEnforcement, "law-enforcement"),
    ];

    private static readonly (CapabilityFunctions Function, string Code)[] s_functions =
    [
        (CapabilityFunctions.Detect, "detect"),
        (CapabilityFunctions.Analyse, "analyse"),
        (CapabilityFunctions.Mitigate, "mitigate"),
        (CapabilityFunctions.Coordinate, "coordinate"),
        (CapabilityFunctions.Train, "train"),
    ];

    private static readonly (DayOfWeek Day, string Code)[] s_days =
    [
        (DayOfWeek.Monday, "mon"), (DayOfWeek.Tuesday, "tue"), (DayOfWeek.Wednesday, "wed"), (DayOfWeek.Thursday, "thu"),
        (DayOfWeek.Friday, "fri"), (DayOfWeek.Saturday, "sat"), (DayOfWeek.Sunday, "sun"),
    ];

    public static IReadOnlyList<string> TypeCodes { get; } = [.. s_types.Select(t => t.Code)];

    public static string Of(StakeholderType type) => s_types.First(t => t.Type == type).Code;

    public static StakeholderType? TypeOf(string code) =>
        s_types.FirstOrDefault(t => t.Code == code) is { Code: not null } found ? found.Type : null;

    public static IReadOnlyList<string> Of(CapabilityFunctions functions) =>
        [.. s_functions.Where(f => functions.HasFlag(f.Function)).Select(f => f.Code)];

    public static CapabilityFunctions? FunctionOf(string code) =>
        s_functions.FirstOrDefault(f => f.Code == code) is { Code: not null } found ? found.Function : null;

    public static string Of(DayOfWeek day) => s_days.First(d => d.Day == day).Code;

    public static DayOfWeek? DayOf(string code) =>
        s_days.FirstOrDefault(d => d.Code == code) is { Code: not null } found ? found.Day : null;
}
