using System.Text.Json;
using Dnscert.Core.Store;

namespace Dnscert.Store.Sql;

/// <summary>
/// How enums and lists are spelled in the database: stable lower-case words (never the enum's number, so the
/// database reads well and survives reordering) and JSON arrays. An unknown word is refused, not guessed.
/// </summary>
internal static class Codes
{
    public static string Of(SubjectKind kind) => kind switch
    {
        SubjectKind.Zone => "zone",
        SubjectKind.Domain => "domain",
        SubjectKind.NameServer => "nameserver",
        SubjectKind.IpAddress => "ip",
        SubjectKind.Prefix => "prefix",
        SubjectKind.Url => "url",
        SubjectKind.Resolver => "resolver",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown subject kind"),
    };

    public static SubjectKind SubjectKindOf(string code) => code switch
    {
        "zone" => SubjectKind.Zone,
        "domain" => SubjectKind.Domain,
        "nameserver" => SubjectKind.NameServer,
        "ip" => SubjectKind.IpAddress,
        "prefix" => SubjectKind.Prefix,
        "url" => SubjectKind.Url,
        "resolver" => SubjectKind.Resolver,
        _ => throw Unknown("subject kind", code),
    };

    public static string Of(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "clear",
        Tlp.Green => "green",
        Tlp.Amber => "amber",
        Tlp.AmberStrict => "amber+strict",
        Tlp.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "unknown TLP"),
    };

    public static Tlp TlpOf(string code) => code switch
    {
        "clear" => Tlp.Clear,
        "green" => Tlp.Green,
        "amber" => Tlp.Amber,
        "amber+strict" => Tlp.AmberStrict,
        "red" => Tlp.Red,
        _ => throw Unknown("TLP", code),
    };

    public static string Of(ObservationState state) => state switch
    {
        ObservationState.Open => "open",
        ObservationState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown observation state"),
    };

    public static ObservationState StateOf(string code) => code switch
    {
        "open" => ObservationState.Open,
        "resolved" => ObservationState.Resolved,
        _ => throw Unknown("observation state", code),
    };

    public static string Of(UserRole role) => role switch
    {
        UserRole.Admin => "admin",
        UserRole.Analyst => "analyst",
        UserRole.Viewer => "viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static UserRole RoleOf(string code) => code switch
    {
        "admin" => UserRole.Admin,
        "analyst" => UserRole.Analyst,
        "viewer" => UserRole.Viewer,
        _ => throw Unknown("role", code),
    };

    /// <summary>
    /// A JSON array of strings. Lists of plain ASCII strings (evidence ids, fingerprints, most feed lines) are joined
    /// directly, with the same output as the serializer's: the serializer's writer was a tenth of a feed ingest's CPU.
    /// </summary>
    public static string List(IReadOnlyList<string> values)
    {
        var length = 2;
        foreach (var value in values)
        {
            if (!PlainJsonText.IsPlain(value))
            {
                return JsonSerializer.Serialize(values.ToArray(), StoreJsonContext.Default.StringArray);
            }

            length += value.Length + 3;
        }

        return string.Create(values.Count == 0 ? 2 : length - 1, values, static (span, list) =>
        {
            span[0] = '[';
            var at = 1;
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    span[at++] = ',';
                }

                span[at++] = '"';
                list[i].CopyTo(span[at..]);
                at += list[i].Length;
                span[at++] = '"';
            }

            span[at] = ']';
        });
    }

    public static IReadOnlyList<string> ListOf(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? throw Unknown("list", json);

    public static long Microseconds(TimeSpan value) => value.Ticks / 10;

    public static TimeSpan FromMicroseconds(long value) => TimeSpan.FromTicks(value * 10);

    private static InvalidDataException Unknown(string what, string code) => new($"the database holds an unknown {what} '{code}'");
}
