using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Visibility;

/// <summary>
/// The one place that decides who may read an incident or an observation under TLP 2.0 (docs/coordination.md):
/// CLEAR anyone; GREEN any signed-in user of the instance; AMBER the instance's own team (users without an
/// organisation), the recipient organisations and the organisations the directory lists as their AMBER
/// constituents; AMBER+STRICT the instance's team and the recipient organisations only; RED only the people named on
/// the incident, whatever their role (admins included: TLP:RED names people, not roles). An observation is visible
/// through the incidents it is linked to, with the same rules; its own TLP applies first.
/// Lists and reads apply the SQL form (a WHERE clause), so nothing invisible ever leaves the database; the notifier
/// and exporters use <see cref="CanSee"/> on what they already hold. Zones, their check runs, baselines and evidence
/// follow the zone's TLP (<see cref="Zones"/>, <see cref="Evidence"/>).
/// </summary>
public static class VisibilityFilter
{
    /// <summary>
    /// Whether <paramref name="viewer"/> may read something marked <paramref name="tlp"/> with these recipients and
    /// named people; <paramref name="amberConstituentsOf"/> gives the AMBER constituents of a recipient organisation.
    /// </summary>
    public static bool CanSee(Viewer viewer, Tlp tlp, IReadOnlyCollection<string> recipients, IReadOnlyCollection<string> namedPeople, Func<string, IReadOnlyCollection<string>> amberConstituentsOf)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(namedPeople);
        ArgumentNullException.ThrowIfNull(amberConstituentsOf);
        if (viewer.IsSystem)
        {
            return true;
        }

        var signedIn = viewer.UserName is not null;
        var staff = signedIn && viewer.Organisation is null;
        return tlp switch
        {
            Tlp.Clear => true,
            Tlp.Green => signedIn,
            Tlp.Amber => staff
                || (signedIn && recipients.Contains(viewer.Organisation!))
                || (signedIn && recipients.Any(r => amberConstituentsOf(r).Contains(viewer.Organisation!))),
            Tlp.AmberStrict => staff || (signedIn && recipients.Contains(viewer.Organisation!)),
            Tlp.Red => signedIn && namedPeople.Contains(viewer.UserName!),
            _ => false,
        };
    }

    /// <summary>A WHERE condition over incidents aliased <paramref name="alias"/> and its parameter bindings.</summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) Incidents(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return (IncidentCondition(viewer, alias, $"{alias}.tlp"), Bind(viewer));
    }

    /// <summary>
    /// A WHERE condition over observations aliased <paramref name="alias"/>: the observation's own TLP decides for
    /// CLEAR and GREEN and for the instance's team; otherwise the viewer must be able to see a linked incident under both
    /// the incident's TLP and the observation's.
    /// </summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) Observations(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsSystem)
        {
            return ("1 = 1", (_, _) => { });
        }

        if (viewer.UserName is null)
        {
            return ($"{alias}.tlp = 'clear'", (_, _) => { });
        }

        // The stricter of the two markings applies: the observation's TLP is checked against the linked incident's
        // recipients and people, and the incident itself must be visible.
        var linked = $"EXISTS (SELECT 1 FROM incident_observations vl JOIN incidents vi ON vi.id = vl.incident_id "
            + $"WHERE vl.observation_id = {alias}.id AND ({IncidentCondition(viewer, "vi", "vi.tlp")}) AND ({IncidentCondition(viewer, "vi", $"{alias}.tlp")}))";
        var sql = viewer.Organisation is null
            ? $"({alias}.tlp IN ('clear', 'green', 'amber', 'amber+strict') OR {linked})"
            : $"({alias}.tlp IN ('clear', 'green') OR {linked})";
        return (sql, Bind(viewer));
    }

    /// <summary>
    /// A WHERE condition over zones aliased <paramref name="alias"/>; a check run, its evidence and the zone's baseline
    /// carry their zone's marking. A zone has no recipients and names no people, so the rule is that of an observation
    /// linked to no incident: CLEAR anyone; GREEN any signed-in user; AMBER and AMBER+STRICT the instance's team
    /// only; RED nobody but the instance itself (TLP:RED names people, and a zone names none).
    /// </summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) Zones(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var sql = viewer switch
        {
            { IsSystem: true } => "1 = 1",
            { UserName: null } => $"{alias}.tlp = 'clear'",
            { Organisation: null } => $"{alias}.tlp IN ('clear', 'green', 'amber', 'amber+strict')",
            _ => $"{alias}.tlp IN ('clear', 'green')",
        };
        return (sql, (_, _) => { });
    }

    /// <summary>
    /// A WHERE condition that the evidence blob whose hash is bound to <paramref name="sha256Parameter"/> is cited by
    /// a check run of a zone the viewer may see, or by an observation the viewer may see.
    /// </summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) Evidence(Viewer viewer, string sha256Parameter)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (zones, _) = Zones(viewer, "ez");
        var (observations, bind) = Observations(viewer, "eo");
        // Evidence ids of an observation are a JSON array of hex hashes: a quoted match cannot hit a longer hash.
        var sql = $"(EXISTS (SELECT 1 FROM check_run_evidence ece JOIN check_runs ecr ON ecr.id = ece.run_id JOIN zones ez ON ez.name = ecr.zone "
            + $"WHERE ece.sha256 = {sha256Parameter} AND {zones}) "
            + $"OR EXISTS (SELECT 1 FROM observations eo WHERE eo.evidence_ids LIKE '%\"' || {sha256Parameter} || '\"%' AND {observations}))";
        return (sql, bind);
    }

    /// <summary>
    /// A WHERE condition over campaigns aliased <paramref name="alias"/>, by the rules of incidents: the campaign's
    /// parties are its recipient organisations (their AMBER constituents read AMBER too), and TLP:RED reaches only the
    /// user who created it.
    /// </summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) Campaigns(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var tlp = $"{alias}.tlp";
        if (viewer.IsSystem)
        {
            return ("1 = 1", (_, _) => { });
        }

        if (viewer.UserName is null)
        {
            return ($"{tlp} = 'clear'", (_, _) => { });
        }

        var creator = $"{alias}.created_by = @v_user";
        var party = $"EXISTS (SELECT 1 FROM campaign_parties vcp WHERE vcp.campaign_id = {alias}.id AND vcp.stakeholder_id = @v_org)";
        var constituent = $"EXISTS (SELECT 1 FROM campaign_parties vcp JOIN stakeholder_constituents vcc ON vcc.organisation = vcp.stakeholder_id "
            + $"WHERE vcp.campaign_id = {alias}.id AND vcc.constituent = @v_org)";
        return SignedInByParties(viewer, tlp, creator, party, constituent);
    }

    /// <summary>
    /// A WHERE condition over traffic captures aliased <paramref name="alias"/>, by the rules of incidents: the
    /// capture's recipient organisations read AMBER (their AMBER constituents too) and AMBER+STRICT, the instance's own
    /// team reads everything but RED, and TLP:RED reaches only the people named on the capture, whatever their role.
    /// A capture shared with nobody is therefore AMBER for the team only, and RED for the instance itself only.
    /// </summary>
    internal static (string Sql, Action<DbCommand, StoreDialect> Bind) TrafficCaptures(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var tlp = $"{alias}.tlp";
        if (viewer.IsSystem)
        {
            return ("1 = 1", (_, _) => { });
        }

        if (viewer.UserName is null)
        {
            return ($"{tlp} = 'clear'", (_, _) => { });
        }

        var named = $"EXISTS (SELECT 1 FROM traffic_capture_people vtp WHERE vtp.capture_id = {alias}.id AND vtp.user_name = @v_user)";
        var recipient = $"EXISTS (SELECT 1 FROM traffic_capture_recipients vtr WHERE vtr.capture_id = {alias}.id AND vtr.organisation = @v_org)";
        var constituent = $"EXISTS (SELECT 1 FROM traffic_capture_recipients vtr JOIN stakeholder_constituents vtc ON vtc.organisation = vtr.organisation "
            + $"WHERE vtr.capture_id = {alias}.id AND vtc.constituent = @v_org)";
        return SignedInByParties(viewer, tlp, named, recipient, constituent);
    }

    /// <summary>
    /// The rule campaigns and traffic captures share for a signed-in <paramref name="viewer"/>: the instance's own team
    /// (no organisation) reads everything but RED; a stakeholder reads CLEAR and GREEN, AMBER when it is a party or a
    /// party's constituent, AMBER+STRICT when it is a party; RED reaches only whom <paramref name="redReader"/> names.
    /// </summary>
    private static (string Sql, Action<DbCommand, StoreDialect> Bind) SignedInByParties(Viewer viewer, string tlp, string redReader, string party, string constituent)
    {
        if (viewer.Organisation is null)
        {
            return ($"({tlp} IN ('clear', 'green', 'amber', 'amber+strict') OR ({tlp} = 'red' AND {redReader}))", Bind(viewer));
        }

        return ($"({tlp} IN ('clear', 'green') OR ({tlp} = 'amber' AND ({party} OR {constituent})) "
            + $"OR ({tlp} = 'amber+strict' AND {party}) OR ({tlp} = 'red' AND {redReader}))", Bind(viewer));
    }

    /// <summary>
    /// A WHERE condition over published reports aliased <paramref name="alias"/>. A report is addressed to the community,
    /// not to recipients, and names no people, so its marking alone decides: CLEAR anyone (anonymous readers included),
    /// GREEN any signed-in user, AMBER and AMBER+STRICT the instance's own team only. TLP:RED is never published (the
    /// store refuses it), and would reach nobody but the instance itself. No parameters: the condition only reads the row.
    /// </summary>
    internal static string PublishedReports(Viewer viewer, string alias)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsSystem)
        {
            return "1 = 1";
        }

        if (viewer.UserName is null)
        {
            return $"{alias}.tlp = 'clear'";
        }

        return viewer.Organisation is null
            ? $"{alias}.tlp IN ('clear', 'green', 'amber', 'amber+strict')"
            : $"{alias}.tlp IN ('clear', 'green')";
    }

    private static string IncidentCondition(Viewer viewer, string alias, string tlp)
    {
        if (viewer.IsSystem)
        {
            return "1 = 1";
        }

        if (viewer.UserName is null)
        {
            return $"{tlp} = 'clear'";
        }

        var named = $"EXISTS (SELECT 1 FROM incident_people vp WHERE vp.incident_id = {alias}.id AND vp.user_name = @v_user)";
        if (viewer.Organisation is null)
        {
            return $"({tlp} IN ('clear', 'green', 'amber', 'amber+strict') OR ({tlp} = 'red' AND {named}))";
        }

        var recipient = $"EXISTS (SELECT 1 FROM incident_recipients vr WHERE vr.incident_id = {alias}.id AND vr.organisation = @v_org)";
        var constituent = $"EXISTS (SELECT 1 FROM incident_recipients vr JOIN stakeholder_constituents vc ON vc.organisation = vr.organisation "
            + $"WHERE vr.incident_id = {alias}.id AND vc.constituent = @v_org)";
        return $"({tlp} IN ('clear', 'green') OR ({tlp} = 'amber' AND ({recipient} OR {constituent})) "
            + $"OR ({tlp} = 'amber+strict' AND {recipient}) OR ({tlp} = 'red' AND {named}))";
    }

    private static Action<DbCommand, StoreDialect> Bind(Viewer viewer) => (c, _) =>
    {
        if (viewer.UserName is { } user && !viewer.IsSystem)
        {
            c.With("@v_user", user);
            if (viewer.Organisation is { } org)
            {
                c.With("@v_org", org);
            }
        }
    };
}
