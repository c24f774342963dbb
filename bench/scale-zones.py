#!/usr/bin/env python3
"""Writes the generated lab of bench/monitor-scale.sh and bench/monitor-memory.sh into WORK: N zones z<i>.scale. under
a private root and TLD `scale.` on 127.54.0.1, every zone on two child NSD servers (127.54.1.1 and 127.54.1.2);
every 10th zone is lame on the second server and every 20th (i % 20 == 5) has a differing serial there. Also writes
the zone list for `dnscert zones import`, the dnsperf query file, the root hints and one NSD configuration per server.

Usage: scale-zones.py WORK ZONES
"""
import os
import sys

work, zones = sys.argv[1], int(sys.argv[2])
width = len(str(zones))


def soa(origin, serial):
    return f"@ 3600 IN SOA ns1.{origin} hostmaster.{origin} {serial} 14400 3600 1209600 3600\n"


os.makedirs(f"{work}/c1", exist_ok=True)
os.makedirs(f"{work}/c2", exist_ok=True)
with open(f"{work}/root.zone", "w") as f:
    f.write(soa("root-servers.scale.", 1) + "@ 3600 IN NS a.root-servers.scale.\na.root-servers.scale. 3600 IN A 127.54.0.1\n"
            "scale. 3600 IN NS a.root-servers.scale.\n")
with open(f"{work}/hints.zone", "w") as f:
    f.write(". 3600 IN NS a.root-servers.scale.\na.root-servers.scale. 3600 IN A 127.54.0.1\n")

c1, c2 = [], []
with open(f"{work}/scale.zone", "w") as tld, open(f"{work}/list.txt", "w") as names, open(f"{work}/perf.txt", "w") as perf:
    tld.write(soa("scale.", 1) + "@ 3600 IN NS a.root-servers.scale.\n")
    for n in range(1, zones + 1):
        z = f"z{n:0{width}d}.scale."
        tld.write(f"{z} 3600 IN NS ns1.{z}\n{z} 3600 IN NS ns2.{z}\nns1.{z} 3600 IN A 127.54.1.1\nns2.{z} 3600 IN A 127.54.1.2\n")
        body = f"@ 3600 IN NS ns1.{z}\n@ 3600 IN NS ns2.{z}\nns1 3600 IN A 127.54.1.1\nns2 3600 IN A 127.54.1.2\n@ 3600 IN MX 0 .\n@ 3600 IN TXT \"v=spf1 -all\"\n"
        with open(f"{work}/c1/{z}", "w") as f:
            f.write(f"$ORIGIN {z}\n" + soa(z, 2026112801) + body)
        c1.append(z)
        if n % 10 != 0:  # every 10th zone: ns2 does not serve it (lame)
            serial = 2026112700 if n % 20 == 5 else 2026112801
            with open(f"{work}/c2/{z}", "w") as f:
                f.write(f"$ORIGIN {z}\n" + soa(z, serial) + body)
            c2.append(z)
        names.write(z.rstrip(".") + "\n")
        perf.write(f"{z} SOA\n")


def nsd_conf(path, address, directory, zone_files):
    with open(path, "w") as f:
        f.write(f"""server:
  ip-address: {address}
  port: 53
  do-ip6: no
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: ""
  database: ""
  zonelistfile: "{directory}/zone.list"
  xfrdfile: "{directory}/xfrd.state"
  pidfile: "{directory}/nsd.pid"
  logfile: "{directory}/nsd.log"
  rrl-ratelimit: 0
remote-control:
  control-enable: no
""")
        for name, file in zone_files:
            f.write(f'zone:\n  name: "{name}"\n  zonefile: "{file}"\n')


nsd_conf(f"{work}/top.conf", "127.54.0.1", work, [(".", f"{work}/root.zone"), ("scale.", f"{work}/scale.zone")])
nsd_conf(f"{work}/c1.conf", "127.54.1.1", f"{work}/c1", [(z, f"{work}/c1/{z}") for z in c1])
nsd_conf(f"{work}/c2.conf", "127.54.1.2", f"{work}/c2", [(z, f"{work}/c2/{z}") for z in c2])
print(f"generated {zones} zones in {work}")
