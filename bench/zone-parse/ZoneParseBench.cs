#:project ../../src/Dnscert.Dns/Dnscert.Dns.csproj
#:property PublishAot=false

// Measures the zone-file reader on a generated TLD-like zone (docs/zone-files.md, "Speed").
// Usage: dotnet run -c Release bench/zone-parse/ZoneParseBench.cs [records] [file]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Zone;

var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"dnscert-tld-{target}.zone");
if (!File.Exists(path))
{
    Generate(path, target);
}

var options = new ZoneReaderOptions { Origin = DomainName.Parse("tld."), FileName = Path.GetFileName(path) };
Console.WriteLine($"file: {path}, {new FileInfo(path).Length / 1048576.0:F1} MiB");
for (var run = 1; run <= 3; run++)
{
    Measure(run, path, options);
}

static void Measure(int run, string path, ZoneReaderOptions options)
{
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var zone = ZoneFile.Load(path, options);
    var parse = watch.Elapsed;
    watch.Restart();
    var delegations = zone.GetDelegations();
    var delegate_ = watch.Elapsed;
    var live = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run}: {zone.Records.Count} records in {parse.TotalSeconds:F2} s = {zone.Records.Count / parse.TotalSeconds:N0} records/s; " +
        $"{delegations.Count} delegations in {delegate_.TotalSeconds:F2} s; allocated {(GC.GetTotalAllocatedBytes(true) - allocated) / 1048576} MiB; " +
        $"live after both {live / 1048576} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB"));
    GC.KeepAlive(zone);
    GC.KeepAlive(delegations);
}

// A TLD as registries publish it: per delegation two or three NS, sometimes glue (A, AAAA), sometimes DS.
static void Generate(string path, int target)
{
    var random = new Random(20261128);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("$ORIGIN tld.\n$TTL 86400\n@ SOA a.nic.tld. hostmaster.nic.tld. ( 2026112801 1800 900 604800 3600 )\n@ NS a.nic.tld.\n@ NS b.nic.tld.\na.nic A 192.0.2.1\nb.nic A 192.0.2.2\n");
    var written = 7;
    for (var i = 0; written < target; i++)
    {
        var name = $"domain{i}";
        if (random.Next(10) < 2)
        {
            writer.Write($"{name} NS ns1.{name}\n NS ns2.{name}\nns1.{name} A 198.51.{random.Next(256)}.{random.Next(256)}\nns2.{name} AAAA 2001:db8:{random.Next(65536):x}::53\n");
            written += 4;
        }
        else
        {
            var host = random.Next(5000);
            writer.Write($"{name} NS ns1.hoster{host}.net.\n{name} NS ns2.hoster{host}.net.\n");
            written += 2;
            if (random.Next(3) == 0)
            {
                writer.Write($"{name} NS ns3.hoster{host}.net.\n");
                written++;
            }
        }

        if (random.Next(10) == 0)
        {
            writer.Write($"{name} 3600 DS {random.Next(65536)} 13 2 {Convert.ToHexString(RandomBytes(random, 32))}\n");
            written++;
        }
    }
}

static byte[] RandomBytes(Random random, int count)
{
    var bytes = new byte[count];
    random.NextBytes(bytes);
    return bytes;
}
