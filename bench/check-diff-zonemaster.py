#!/usr/bin/env python3
"""List every problem zonemaster-cli reports (WARNING or above) on a lab zone that `dnscert check` does not.

Usage (as root; zonemaster-cli from Debian):  python3 bench/check-diff-zonemaster.py [--zones Z1,Z2] [--json]

Everything runs inside a new network namespace with only a loopback interface (the script re-executes itself
under `unshare -n`), because zonemaster-cli resolves names on its own. The lab starts in a private folder.

For each lab zone both checkers run; a zonemaster-cli message at WARNING or above counts as "also found" when
dnscert emits the same tag (at any level) or a tag listed as its equivalent in RENAMED (Debian's engine 4.6.2
still uses some tag names that today's specifications changed). Every other one is printed as a difference.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DNSCERT = os.path.join(ROOT, "src/Dnscert.Cli/bin/Release/net10.0/dnscert")
LEVELS = ["DEBUG3", "DEBUG2", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL"]

# Zonemaster engine 4.6.2 tag -> the tag today's specifications (and dnscert) use for the same problem.
RENAMED = {
    "NAMESERVER_IP_PRIVATE_NETWORK": ["A01_LOCAL_USE_ADDR"],
    "NO_RESPONSE": ["CN01_NO_RESPONSE_UDP", "CN02_NO_RESPONSE_TCP", "B02_NS_NO_RESPONSE", "NO_RESPONSE"],
    "NOT_ENOUGH_NAMESERVERS": ["NOT_ENOUGH_NS_DEL", "NOT_ENOUGH_NS_CHILD"],
    "NS_ERROR": ["B02_NS_BROKEN", "IS_NOT_AUTHORITATIVE", "B02_NS_NOT_AUTH"],
    "NS_FAILED": ["IS_NOT_AUTHORITATIVE", "B02_NS_NOT_AUTH"],
    "UNEXPECTED_RCODE": ["CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", "CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", "B02_UNEXPECTED_RCODE"],
    "SAME_IP_ADDRESS": ["DEL_NS_SAME_IP", "CHILD_NS_SAME_IP"],
    "ALGORITHM_NOT_RECOMMENDED": ["DS05_ALGO_DEPRECATED", "DS05_ALGO_NOT_RECOMMENDED"],
    "DNSKEY_BUT_NOT_DS": ["DS07_NO_DS_FOR_SIGNED_ZONE"],
    "DS_BUT_NOT_DNSKEY": ["DS11_DS_BUT_UNSIGNED_ZONE"],
    "DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS": ["DS02_NO_VALID_DNSKEY_FOR_ANY_DS"],
    "DS02_NO_MATCHING_DNSKEY_RRSIG": ["DS02_RRSIG_NOT_VALID_BY_DNSKEY"],
    "NO_RESPONSE_DNSKEY": ["DS07_NO_RESPONSE_DNSKEY", "DS07_NOT_SIGNED_ON_SERVER"],
    "CAN_NOT_BE_RESOLVED": ["B02_NS_NO_IP_ADDR"],
    "NO_GLUE_PREVENTS_NAMESERVER_TESTS": ["B02_NS_NO_IP_ADDR", "B02_NO_WORKING_NS"],
    # "Testing cannot continue": the engine's own stop when no name server works; dnscert says why instead.
    "CANNOT_CONTINUE": ["B02_NO_WORKING_NS", "B02_NS_NO_IP_ADDR"],
    # BASIC03's A query answered with an error RCODE: the same server problem dnscert reports on SOA/NS queries.
    "A_UNEXPECTED_RCODE": ["CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", "CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", "IS_NOT_AUTHORITATIVE"],
}


def run(cmd, timeout=120):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def zonemaster(zone, hints):
    out = run(["zonemaster-cli", "--hints", hints, "--no-ipv6", "--json", "--raw", "--level", "WARNING", zone]).stdout
    try:
        data = json.loads(out)
    except ValueError:
        return []
    return [(m.get("tag"), m.get("level"), m.get("module"), m.get("args")) for m in data if m.get("level") in LEVELS[5:]]


def dnscert(zone, hints, profile):
    out = run([DNSCERT, "check", zone, "--hints", hints, "--profile", profile, "--ipv4", "--json", "--level", "debug"]).stdout
    try:
        return {m["tag"]: m["severity"] for m in json.loads(out)["messages"]}
    except (ValueError, KeyError):
        return {}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--zones", default="")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    if not os.environ.get("DNSCERT_BENCH_INSIDE"):
        os.execvpe("unshare", ["unshare", "-n", sys.executable] + sys.argv, dict(os.environ, DNSCERT_BENCH_INSIDE="1"))
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    lab = tempfile.mkdtemp(prefix="dnscert-diff-lab.")
    try:
        subprocess.run([DNSCERT, "lab", "up", "--dir", lab], check=True, capture_output=True)
        zones = a.zones.split(",") if a.zones else [l.split()[1] for l in run([DNSCERT, "lab", "list", "--dir", lab]).stdout.splitlines() if l.strip()]
        hints, profile = os.path.join(lab, "hints.zone"), os.path.join(lab, "check-profile.json")
        report, missing_total = [], 0
        for zone in zones:
            zm = zonemaster(zone, hints)
            dc = dnscert(zone, hints, profile)
            missing = sorted({t for (t, _, _, _) in zm if t not in dc and not any(r in dc for r in RENAMED.get(t, []))})
            missing_total += len(missing)
            report.append({"zone": zone, "zonemaster_warning_or_above": sorted({t for (t, _, _, _) in zm}), "not_found_by_dnscert": missing})
        if a.json:
            print(json.dumps({"zones": len(zones), "differences": missing_total, "report": report}, indent=1))
        else:
            print(f"{len(zones)} lab zones; {missing_total} zonemaster-cli findings at WARNING or above that dnscert does not report")
            for r in report:
                if r["not_found_by_dnscert"]:
                    print(f"  {r['zone']}: {', '.join(r['not_found_by_dnscert'])}")
    finally:
        subprocess.run([DNSCERT, "lab", "down", "--dir", lab], capture_output=True)


if __name__ == "__main__":
    main()
