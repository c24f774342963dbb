#!/usr/bin/env python3
"""CPU breakdown of a profiled `dnscert serve` run: reads `perf script` output and sorts every sample into a category
by its leaf (garbage collector, JIT, kernel) or by the nearest dnscert frame on its stack (fact collection, sockets,
store, JSON, hashing, checks). Also lists which dnscert frames the GC and JIT samples came from.

Record (root; libclrgc.so puts the collector in its own library so its samples can be told apart, and W^X off lets
perf resolve JIT-compiled frames through the runtime's perf map):
    DOTNET_GCName=libclrgc.so DOTNET_EnableWriteXorExecute=0 DNSCERT_BENCH_PERF=/tmp/serve.perf \\
        bash bench/monitor-scale.sh 10000 60
    perf script -i /tmp/serve.perf -F comm,tid,ip,sym,dso > /tmp/serve.txt
    python3 bench/cpu-breakdown.py /tmp/serve.txt
"""
import collections
import re
import sys

# (category, substrings of a frame's symbol); the first dnscert-related frame from the leaf up decides.
FRAMES = [
    ("store (SQLite reads and writes)", ("Dnscert.Store", "Microsoft.Data.Sqlite", "Npgsql")),
    ("JSON of the run (CheckJson)", ("CheckJson",)),
    ("evidence hashing (SHA-256)", ("EvidenceBlob", "SHA256")),
    ("previous run's JSON re-read", ("ProblemTags", "JsonDocument", "RunSerials")),
    ("DNS message parse and encode", ("Dnscert.Dns.Wire", "Dnscert.Dns.Records", "DnsMessage", "DnsQuery")),
    ("check catalogue (Evaluate)", ("Dnscert.Checks.Address", "Dnscert.Checks.Basic", "Dnscert.Checks.Connectivity",
                                    "Dnscert.Checks.Consistency", "Dnscert.Checks.Delegation", "Dnscert.Checks.Dnssec",
                                    "Dnscert.Checks.Nameserver", "Dnscert.Checks.Syntax", "Dnscert.Checks.Zone")),
    ("politeness limits (semaphores)", ("QueryLimits", "SemaphoreSlim")),
    ("UDP socket pool", ("UdpSocketPool",)),
    ("send and receive (managed socket code)", ("DnsClientTransport", "System.Net.Sockets", "SocketAsyncEngine")),
    ("observations and baseline", ("ObservationBuilder", "UpdateObservations", "ZoneSnapshot", "Baseline")),
    ("fact collection (resolver, probes, facts)", ("FactCollector", "IterativeResolver", "ParentWalk", "Dnscert.Checks.Facts",
                                                   "DnssecProbes", "NameserverProbes", "QueryRunner", "CheckRunner")),
    ("monitor (scheduling, other)", ("ZoneMonitor",)),
    ("web", ("Dnscert.Web", "Microsoft.AspNetCore")),
]


def category(frames):
    leaf_sym, leaf_dso = frames[0]
    if any("libclrgc" in d for _, d in frames[:6]):
        return "garbage collection"
    if any("libclrjit" in d for _, d in frames):
        return "JIT (tiered re-compilation)"
    # Native libraries without frame pointers: their samples rarely show the managed caller, so the library decides.
    if "libe_sqlite3" in leaf_dso:
        return "store (SQLite reads and writes)"
    if "libcrypto" in leaf_dso:
        return "evidence hashing (SHA-256)"
    for sym, _ in frames:
        for name, keys in FRAMES:
            if any(k in sym for k in keys):
                return name
    if leaf_dso.endswith("[kernel.kallsyms]"):
        syms = " ".join(s for s, _ in frames)
        for name, keys in (("futex (thread wake and wait)", ("futex",)), ("epoll", ("epoll",)), ("page faults", ("page_fault",)),
                           ("socket calls", ("sendmsg", "recvmsg", "sendto", "recvfrom", "udp", "tcp_")),
                           ("scheduling", ("schedule", "finish_task_switch"))):
            if any(k in syms for k in keys):
                return "kernel: " + name
        return "kernel: other"
    if leaf_sym.startswith("stub "):
        return "runtime stubs (write barrier, casts, dispatch)"
    if "libcoreclr" in leaf_dso:
        return "runtime (allocation helpers, casts, type loading)"
    return "other: " + leaf_dso.split("/")[-1]


def owner(frames):
    for sym, _ in frames:
        if "Dnscert" in sym or "Sqlite" in sym:
            return re.sub(r"\[.*?\]|\(.*\)", "", sym).split("::")[0].strip()[-100:]
    return "(no dnscert frame: start-up, thread pool)"


def samples(path):
    frames = []
    for line in open(path, errors="replace"):
        if line.strip() == "" or not line.startswith("\t"):
            if frames:
                yield frames
            frames = []
            continue
        m = re.match(r"\s*[0-9a-f]+ (.*) \((.*)\)$", line.rstrip())
        if m:
            frames.append((m.group(1), m.group(2)))
    if frames:
        yield frames


def main():
    counts, owners, total = collections.Counter(), collections.Counter(), 0
    for frames in samples(sys.argv[1]):
        c = category(frames)
        counts[c] += 1
        total += 1
        if c in ("garbage collection", "JIT (tiered re-compilation)"):
            owners[(c, owner(frames))] += 1
    if not total:
        sys.exit("no samples")
    print(f"{total} samples")
    for name, n in counts.most_common():
        print(f"{n * 100 / total:5.1f}%  {name}")
    print("\nGC and JIT samples by the nearest dnscert frame:")
    for (c, o), n in owners.most_common(15):
        print(f"{n * 100 / total:5.1f}%  {'GC ' if c.startswith('garbage') else 'JIT'}  {o}")


if __name__ == "__main__":
    main()
