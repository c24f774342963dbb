#!/usr/bin/env python3
"""Score `dnscert check` on Zonemaster's own test scenarios (the external yardstick of the check engine).

Usage (as root, with a built dnscert):
    bench/zonemaster-lab-score.py /path/to/zonemaster-lab [--dnscert PATH] [--only PREFIX] [--json]

The zonemaster-lab folder (zmlab.py and Zonemaster's test-zone data) serves the scenarios with BIND inside
a network namespace that has only a loopback interface; every dnscert run happens inside that namespace
through `zmlab.py exec`, so no query can leave the machine. A scenario passes when dnscert emits every
mandatory tag and no forbidden tag. The script prints the score per test case and lists each failure.
"""
import argparse, json, os, subprocess, sys, collections

def main():
    p = argparse.ArgumentParser()
    p.add_argument("lab")
    p.add_argument("--dnscert", default=os.path.join(os.path.dirname(__file__), "..", "src/Dnscert.Cli/bin/Release/net10.0/dnscert"))
    p.add_argument("--only", default="")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all-checks", action="store_true", help="run every check instead of only the scenario's test case")
    a = p.parse_args()
    zmlab = os.path.join(a.lab, "zmlab.py")
    dnscert = os.path.abspath(a.dnscert)
    subprocess.run([sys.executable, zmlab, "up"], check=True, stdout=subprocess.DEVNULL)
    listing = subprocess.run([sys.executable, zmlab, "list", "--supported"], check=True, capture_output=True, text=True).stdout
    scenarios = [json.loads(l) for l in listing.splitlines() if l.strip()]
    scenarios = [s for s in scenarios if s["id"].startswith(a.only)]
    results = []
    for s in scenarios:
        cmd = [dnscert, "check", s["domain"], "--hints", s["hints"], "--json", "--level", "debug"]
        if not a.all_checks:
            # As Zonemaster produced the scenarios' expected output: only the scenario's test case (zonemaster-cli --test).
            cmd += ["--test", s["id"].split("/")[0].upper()]
        for ns in s.get("undelegated_ns") or []:
            cmd += ["--ns", ns]
        for ds in s.get("undelegated_ds") or []:
            cmd += ["--ds", ds]
        run = subprocess.run([sys.executable, zmlab, "exec", "--"] + cmd, capture_output=True, text=True, timeout=120)
        try:
            emitted = {m["tag"] for m in json.loads(run.stdout)["messages"]}
        except (ValueError, KeyError):
            emitted = set()
        missing = [t for t in s["mandatory"] if t not in emitted]
        wrong = [t for t in s["forbidden"] if t in emitted]
        results.append({"id": s["id"], "passed": not missing and not wrong, "missing": missing, "forbidden_emitted": wrong,
                        "error": run.stderr.strip()[:200] if run.returncode not in (0, 1) else None})
    passed = sum(r["passed"] for r in results)
    if a.json:
        print(json.dumps({"passed": passed, "total": len(results), "results": results}))
        return
    by_case = collections.defaultdict(lambda: [0, 0])
    for r in results:
        case = r["id"].split("/")[0]
        by_case[case][0] += r["passed"]
        by_case[case][1] += 1
    print(f"dnscert passes {passed} of {len(results)} Zonemaster scenarios")
    for case, (ok, n) in sorted(by_case.items()):
        print(f"  {case:16} {ok:3} / {n}")
    for r in results:
        if not r["passed"]:
            print(f"FAIL {r['id']}: missing {','.join(r['missing']) or '-'}; forbidden emitted {','.join(r['forbidden_emitted']) or '-'}{'; error ' + r['error'] if r['error'] else ''}")

if __name__ == "__main__":
    try:
        main()
    finally:
        # The lab's BIND holds about a gigabyte; never leave it running after the score.
        lab = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
        if lab:
            subprocess.run([sys.executable, os.path.join(lab, "zmlab.py"), "down"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
