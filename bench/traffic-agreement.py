#!/usr/bin/env python3
"""Compare `dnscert traffic analyze` with tshark, PacketQ, DSC and dnscap on a directory of reference captures.

Usage: bench/traffic-agreement.py SHARED_CAPTURES_DIR [--dnscert PATH] [--markdown FILE]

SHARED_CAPTURES_DIR holds MANIFEST.tsv, the captures, and expected/<tool>/<capture path>... outputs.
For every capture it compares four things: the number of DNS messages, QTYPEs of queries, RCODEs of
responses and the UDP/TCP split. A tool that has no output for a capture is left out. "consensus" means
every tool with an output gave the same value; the last column says whether dnscert matches it.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DNSCERT = os.path.join(REPO, "src/Dnscert.Cli/bin/Release/net10.0/dnscert")


def dnscert(binary, path):
    out = subprocess.run([binary, "traffic", "analyze", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip()}
    d = json.loads(out.stdout)
    t = d["totals"]
    return {
        "messages": t["messages"],
        "qtype": {str(x["code"]): x["count"] for x in t["qtypes"]},
        "rcode": {str(x["code"]): x["count"] for x in t["rcodes"]},
        "transport": {k: v for k, v in t["transports"].items()},
        "malformed": d["malformed"],
        "fragments": d["read"]["fragments"],
    }


def split(field):
    return [x for x in field.split(",")] if field else []


def tshark(expected, capture):
    path = os.path.join(expected, "tshark", capture + ".dns.tsv")
    if not os.path.exists(path):
        return None
    rows = open(path, encoding="utf-8", errors="replace").read().splitlines()
    if not rows:
        return None
    head = rows[0].split("\t")
    col = {name: i for i, name in enumerate(head)}
    r = {"messages": 0, "qtype": collections.Counter(), "rcode": collections.Counter(), "transport": collections.Counter()}
    for line in rows[1:]:
        f = line.split("\t")
        f += [""] * (len(head) - len(f))
        qr = split(f[col["dns.flags.response"]])
        n = len(qr)
        r["messages"] += n
        transport = "udp" if f[col["udp.srcport"]] else "tcp"
        r["transport"][transport] += n
        types = split(f[col["dns.qry.type"]])
        if len(types) == n:
            for is_response, qtype in zip(qr, types):
                if is_response in ("0", "False"):
                    r["qtype"][qtype] += 1
        rcodes = split(f[col["dns.flags.rcode"]])
        if len(rcodes) == sum(1 for x in qr if x in ("1", "True")):
            for rc in rcodes:
                r["rcode"][rc] += 1
    r["qtype"] = dict(r["qtype"])
    r["rcode"] = dict(r["rcode"])
    r["transport"] = dict(r["transport"])
    return r


def packetq(expected, capture):
    path = os.path.join(expected, "packetq", capture + ".json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    try:
        tables = json.load(open(path))
    except ValueError:
        return None
    r = {"transport": {}}
    for t in tables:
        q = t["query"]
        if q.startswith("select count(*) as messages"):
            r["messages"] = t["data"][0][0] if t["data"] else 0
        elif q.startswith("select qtype"):
            r["qtype"] = {str(row[0]): row[2] for row in t["data"]}
        elif q.startswith("select rcode"):
            r["rcode"] = {str(row[0]): row[2] for row in t["data"]}
        elif q.startswith("select protocol"):
            tr = collections.Counter()
            for proto, _qr, c in t["data"]:
                tr["udp" if proto == 17 else "tcp"] += c
            r["transport"] = dict(tr)
    return r


def dsc(expected, capture):
    files = glob.glob(os.path.join(expected, "dsc", capture, "*.dscdata.json"))
    if not files:
        return None
    r = {"messages": 0, "qtype": collections.Counter(), "rcode": collections.Counter()}
    for f in files:
        for ds in json.load(open(f)):
            name = ds["name"]
            dim = ds["dimensions"][1]
            for cell in ds["data"]:
                for item in cell.get(dim, []):
                    if name == "dns_ip_version":
                        r["messages"] += item["count"]
                    elif name == "qtype":
                        r["qtype"][item["val"]] += item["count"]
                    elif name == "rcode":
                        r["rcode"][item["val"]] += item["count"]
    r["qtype"] = dict(r["qtype"])
    r["rcode"] = dict(r["rcode"])
    return r


def dnscap(expected, capture):
    path = os.path.join(expected, "dnscap", capture + ".txt")
    if not os.path.exists(path):
        return None
    messages = 0
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.lstrip().startswith("dns ") and line.rstrip().endswith("\\"):
            messages += 1
    return {"messages": messages}


def same(values):
    vals = [json.dumps(v, sort_keys=True) for v in values]
    return len(set(vals)) <= 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared")
    parser.add_argument("--dnscert", default=DEFAULT_DNSCERT)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    expected = os.path.join(args.shared, "expected")
    captures = []
    for line in open(os.path.join(args.shared, "MANIFEST.tsv")):
        path = line.split("\t")[0]
        if path.endswith((".pcap", ".pcap.gz", ".pcapng", ".pcapng.gz")):
            captures.append(path)

    header = "| capture | dnscert msgs | tshark | PacketQ | DSC | dnscap | messages | qtypes | rcodes | transport |"
    lines = [header, "|" + "---|" * 10]
    totals = collections.Counter()
    for capture in captures:
        mine = dnscert(args.dnscert, os.path.join(args.shared, capture))
        tools = {"tshark": tshark(expected, capture), "packetq": packetq(expected, capture), "dsc": dsc(expected, capture), "dnscap": dnscap(expected, capture)}
        present = {k: v for k, v in tools.items() if v}
        if "error" in mine:
            lines.append(f"| {capture} | error: {mine['error'][:60]} | | | | | | | | |")
            totals["error"] += 1
            continue
        cells = []
        for aspect in ("messages", "qtype", "rcode", "transport"):
            values = [v[aspect] for v in present.values() if aspect in v]
            if not values:
                cells.append("–")
                continue
            if same(values):
                ok = json.dumps(values[0], sort_keys=True) == json.dumps(mine[aspect], sort_keys=True)
                cells.append("✓" if ok else "✗ (tools agree)")
                totals[f"{aspect}:{'match' if ok else 'differ'}"] += 1
            else:
                agreeing = [k for k, v in present.items() if aspect in v and json.dumps(v[aspect], sort_keys=True) == json.dumps(mine[aspect], sort_keys=True)]
                cells.append("tools differ; = " + (",".join(agreeing) if agreeing else "none"))
                totals[f"{aspect}:tools-differ"] += 1
        counts = [str(tools[k]["messages"]) if tools[k] and "messages" in tools[k] else "–" for k in ("tshark", "packetq", "dsc", "dnscap")]
        lines.append(f"| {capture} | {mine['messages']} | " + " | ".join(counts) + " | " + " | ".join(cells) + " |")

    text = "\n".join(lines)
    print(text)
    print()
    print("Summary:", ", ".join(f"{k}={v}" for k, v in sorted(totals.items())))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
