using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;

namespace Dnscert.Store.Repositories;

internal sealed class BaselineRepository : IBaselineRepository
{
    private const string Columns = "zone, name_servers, ds_records, dnskey_records, glue_addresses, soa_serial, confirmed_at";

    private readonly DnscertStore _store;

    public BaselineRepository(DnscertStore store) => _store = store;

    public Task SaveAsync(ZoneBaseline baseline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return _store.ExecuteAsync(
            $"save baseline of {baseline.Zone}",
            $"INSERT INTO baselines ({Columns}) VALUES (@zone, @ns, @ds, @dnskey, @glue, @serial, @confirmed) "
            + "ON CONFLICT (zone) DO UPDATE SET name_servers = excluded.name_servers, ds_records = excluded.ds_records, "
            + "dnskey_records = excluded.dnskey_records, glue_addresses = excluded.glue_addresses, soa_serial = excluded.soa_serial, "
            + "confirmed_at = excluded.confirmed_at",
            (c, d) => c.With("@zone", baseline.Zone)
                .With("@ns", Codes.List(baseline.NameServers))
                .With("@ds", Codes.List(baseline.DsRecords))
                .With("@dnskey", Codes.List(baseline.DnskeyRecords))
                .With("@glue", Codes.List(baseline.GlueAddresses))
                .With("@serial", baseline.SoaSerial)
                .With("@confirmed", d.Time(baseline.ConfirmedAt)),
            cancellationToken);
    }

    public Task<ZoneBaseline?> GetAsync(string zone, CancellationToken cancellationToken = default) => GetVisibleAsync(zone, Viewer.System, cancellationToken);

    public async Task<ZoneBaseline?> GetVisibleAsync(string zone, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        return (await _store.QueryAsync(
            $"read baseline of {zone}",
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "b." + c))} FROM baselines b JOIN zones z ON z.name = b.zone WHERE b.zone = @zone AND {visible}",
            (c, d) => bind(c.With("@zone", zone), d),
            (r, d) => new ZoneBaseline(
                r.GetString(0),
                Codes.ListOf(r.GetString(1)),
                Codes.ListOf(r.GetString(2)),
                Codes.ListOf(r.GetString(3)),
                Codes.ListOf(r.GetString(4)),
                r.IsDBNull(5) ? null : r.GetInt64(5),
                d.ReadTime(r, 6)),
            cancellationToken))
        .SingleOrDefault();
    }
}
