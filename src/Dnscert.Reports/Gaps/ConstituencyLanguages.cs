namespace Dnscert.Reports.Gaps;

/// <summary>
/// The languages a TLD's constituency is addressed in: the official or main national languages (ISO 639-1) of the
/// country of a ccTLD. Generic TLDs (and <c>.eu</c>) serve everyone, so they name no language and never make a language
/// gap. Our own short table, kept as data in code like <c>Regions</c>: a coarse view (a country's minority languages
/// are left out) that is enough to show where nobody able to act speaks the language of those affected.
/// </summary>
public static class ConstituencyLanguages
{
    // "tld:lang,lang" entries separated by spaces; the first language is the most widely used one.
    private const string Table =
        // Africa
        "dz:ar,fr ao:pt bj:fr bw:en bf:fr bi:fr,rn cm:fr,en cv:pt cf:fr td:fr,ar km:fr,ar cg:fr cd:fr ci:fr dj:fr,ar eg:ar gq:es,fr er:ti,ar "
        + "sz:en et:am ga:fr gm:en gh:en gn:fr gw:pt ke:sw,en ls:en lr:en ly:ar mg:mg,fr mw:en ml:fr mr:ar mu:en,fr ma:ar,fr mz:pt na:en ne:fr "
        + "ng:en rw:rw,fr,en st:pt sn:fr sc:en,fr sl:en so:so,ar za:en,af,zu ss:en sd:ar,en tz:sw,en tg:fr tn:ar,fr ug:en,sw zm:en zw:en re:fr yt:fr "
        // Asia
        + "af:ps,fa bd:bn bt:dz bn:ms kh:km cn:zh hk:zh,en in:hi,en id:id jp:ja kz:kk,ru kg:ky,ru la:lo mo:zh,pt my:ms mv:dv mn:mn mm:my np:ne "
        + "kp:ko kr:ko pk:ur,en ph:en,tl sg:en,zh,ms lk:si,ta tw:zh tj:tg th:th tl:pt tm:tk uz:uz vn:vi "
        // Europe
        + "al:sq ad:ca am:hy at:de az:az by:be,ru be:nl,fr,de ba:bs,hr,sr bg:bg hr:hr cy:el,tr cz:cs dk:da ee:et fi:fi,sv fr:fr ge:ka de:de gr:el "
        + "hu:hu is:is ie:en,ga it:it xk:sq,sr lv:lv li:de lt:lt lu:lb,fr,de mt:mt,en md:ro mc:fr me:sr nl:nl mk:mk no:no pl:pl pt:pt ro:ro ru:ru "
        + "sm:it rs:sr sk:sk si:sl es:es se:sv ch:de,fr,it tr:tr ua:uk uk:en gb:en va:it fo:fo gi:en gg:en im:en je:en ax:sv su:ru "
        // Latin America and the Caribbean
        + "ar:es bo:es br:pt cl:es co:es cr:es cu:es do:es ec:es sv:es gt:es hn:es ht:fr,ht jm:en mx:es ni:es pa:es py:es,gn pe:es pr:es,en "
        + "tt:en uy:es ve:es bz:en gy:en sr:nl bs:en bb:en ag:en dm:en gd:en kn:en lc:en vc:en aw:nl cw:nl sx:nl,en bq:nl ky:en vg:en vi:en ai:en "
        + "ms:en tc:en gp:fr mq:fr gf:fr fk:en bl:fr mf:fr "
        // Middle East
        + "bh:ar ir:fa iq:ar,ku il:he,ar jo:ar kw:ar lb:ar om:ar ps:ar qa:ar sa:ar sy:ar ae:ar ye:ar "
        // North America
        + "us:en ca:en,fr bm:en gl:kl,da pm:fr um:en "
        // Oceania
        + "au:en nz:en,mi fj:en,fj pg:en sb:en vu:bi,en,fr nc:fr pf:fr ws:sm,en to:to,en tv:en ki:en nr:en mh:en fm:en pw:en ck:en nu:en tk:en "
        + "wf:fr as:en gu:en mp:en nf:en cx:en cc:en";

    private static readonly Dictionary<string, string[]> s_byTld = Build();

    /// <summary>The languages of a TLD's constituency, most used first; empty for generic and unknown TLDs.</summary>
    public static IReadOnlyList<string> Of(string tld)
    {
        ArgumentNullException.ThrowIfNull(tld);
        return s_byTld.TryGetValue(tld, out var languages) ? languages : [];
    }

    private static Dictionary<string, string[]> Build()
    {
        var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Table.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            map.Add(entry[..colon], entry[(colon + 1)..].Split(','));
        }

        return map;
    }
}
