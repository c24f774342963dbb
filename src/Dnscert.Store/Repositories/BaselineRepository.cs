using Dnscert.Core.Store;
using Dnscert.Store.Sql;

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

    public async Task<ZoneBaseline?> GetAsync(string zone, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync(
            $"read baseline of {zone}",
            $"SELECT {Columns} FROM baselines WHERE zone = @zone",
            (c, _) => c.With("@zone", zone),
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
