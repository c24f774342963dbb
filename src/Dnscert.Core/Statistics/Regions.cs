using Dnscert.Core.Store;

namespace Dnscert.Core.Statistics;

/// <summary>
/// Maps a subject to its TLD and the TLD to a region. Country-code TLDs map through their ISO 3166 country to one of
/// seven broad regions (our own grouping, close to the regional CERT communities); generic TLDs and <c>.eu</c>-like
/// exceptions map by name; anything else (IP subjects, unknown TLDs) falls in <see cref="Global"/> or
/// <see cref="Unknown"/>. Kept as data in code: a table of a few hundred short strings that changes once a decade.
/// </summary>
public static class Regions
{
    public const string Africa = "africa";
    public const string Asia = "asia";
    public const string Europe = "europe";
    public const string LatinAmerica = "latin-america";
    public const string MiddleEast = "middle-east";
    public const string NorthAmerica = "north-america";
    public const string Oceania = "oceania";
    public const string Global = "global";
    public const string Unknown = "unknown";

    /// <summary>The TLD value used for subjects that are not names (addresses, prefixes).</summary>
    public const string NoTld = "-";

    public static IReadOnlyList<string> All { get; } = [Africa, Asia, Europe, LatinAmerica, MiddleEast, NorthAmerica, Oceania, Global, Unknown];

    // Two-letter codes per region, space separated. ccTLDs that differ from the ISO code (uk) are listed as TLDs.
    private static readonly (string Region, string Codes)[] s_table =
    [
        (Africa, "dz ao bj bw bf bi cm cv cf td km cg cd ci dj eg gq er sz et ga gm gh gn gw ke ls lr ly mg mw ml mr mu ma mz na ne ng rw st sn sc sl so za ss sd tz tg tn ug zm zw re yt sh eh"),
        (Asia, "af bd bt bn kh cn hk in id jp kz kg la mo my mv mn mm np kp kr pk ph sg lk tw tj th tl tm uz vn"),
        (Europe, "al ad am at az by be ba bg hr cy cz dk ee fi fr ge de gr hu is ie it xk lv li lt lu mt md mc me nl mk no pl pt ro ru sm rs sk si es se ch tr ua uk gb va fo gi gg im je ax eu su"),
        (LatinAmerica, "ar bo br cl co cr cu do ec sv gt hn ht jm mx ni pa py pe pr tt uy ve bz gy sr bs bb ag dm gd kn lc vc aw cw sx bq ky vg vi ai ms tc gp mq gf fk bl mf"),
        (MiddleEast, "bh ir iq il jo kw lb om ps qa sa sy ae ye"),
        (NorthAmerica, "us ca bm gl pm um"),
        (Oceania, "au nz fj pg sb vu nc pf ws to tv ki nr mh fm pw ck nu tk wf as gu mp nf cx cc"),
    ];

    private static readonly Dictionary<string, string> s_byTld = Build();

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (region, codes) in s_table)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map[code] = region;
            }
        }

        return map;
    }

    /// <summary>The last label of a name subject in lower case, or <see cref="NoTld"/> for addresses, prefixes and URLs without a host name.</summary>
    public static string TldOf(Subject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var name = subject.Kind switch
        {
            SubjectKind.Zone or SubjectKind.Domain or SubjectKind.NameServer => subject.Value,
            SubjectKind.Url => HostOf(subject.Value),
            _ => null,
        };
        if (string.IsNullOrEmpty(name))
        {
            return NoTld;
        }

        name = name.TrimEnd('.');
        var dot = name.LastIndexOf('.');
        var tld = dot < 0 ? name : name[(dot + 1)..];
        // A label longer than DNS allows or with odd characters is not a TLD we can group; keep the key set bounded.
        return tld.Length is > 0 and <= 63 && tld.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? tld.ToLowerInvariant() : NoTld;
    }

    /// <summary>The region of a TLD: its country's region for a ccTLD, <see cref="Global"/> for other TLDs, <see cref="Unknown"/> for no TLD.</summary>
    public static string RegionOf(string tld)
    {
        ArgumentNullException.ThrowIfNull(tld);
        if (tld == NoTld || tld.Length == 0)
        {
            return Unknown;
        }

        return s_byTld.TryGetValue(tld, out var region) ? region : tld.Length == 2 ? Unknown : Global;
    }

    private static string? HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.Dns ? uri.Host : null;
}
