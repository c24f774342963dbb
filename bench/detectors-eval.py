#!/usr/bin/env python3
"""Detection delay and false-positive rate of every traffic detector on generated traffic with ground truth.

Usage: bench/detectors-eval.py [DNSCERT] [SEEDS] [DURATION]
  DNSCERT   the dnscert executable (default: src/Dnscert.Cli/bin/Release/net10.0/dnscert)
  SEEDS     comma-separated generator seeds (default 1,2,3)
  DURATION  length of each generated capture (default 10m)

For each seed it runs `dnscert traffic generate --format dnstap` with all attacks, then `dnscert traffic
detect`, and compares detections with the ground truth:
  delay  = end of the first window with a detection on the attacked subject - attack start
  FP     = 10 s windows with no attack running (plus one window of slack after each) in which the
           detector reported anything, divided by all such windows
  cross  = windows during another attack in which the detector fired (e.g. the NXDOMAIN storm detector
           during a random-subdomain attack, which does cause an NXDOMAIN storm); reported, not counted as FP
"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "src/Dnscert.Cli/bin/Release/net10.0/dnscert")
seeds = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "1,2,3").split(",")]
duration = sys.argv[3] if len(sys.argv) > 3 else "10m"
window = timedelta(seconds=10)
detectors = ["query-flood", "random-subdomain", "amplification", "nxdomain-storm", "cache-poisoning", "dga", "dns-tunnelling"]


def t(text):
    return datetime.fromisoformat(text)


def matches(truth_subject, subject):
    if "*." in truth_subject:
        prefix, suffix = truth_subject.split("*", 1)
        return subject.startswith(prefix) and subject.endswith(suffix)
    return subject == truth_subject


stats = {d: {"delays": [], "missed": 0, "fp_windows": 0, "benign_windows": 0, "cross": 0} for d in detectors}
with tempfile.TemporaryDirectory() as tmp:
    for seed in seeds:
        capture = os.path.join(tmp, f"seed{seed}.dnstap")
        subprocess.run([exe, "traffic", "generate", "--out", capture, "--format", "dnstap", "--seed", str(seed), "--duration", duration], check=True, stdout=subprocess.DEVNULL)
        truth = json.load(open(capture + ".truth.json"))
        out = subprocess.run([exe, "traffic", "detect", capture], check=True, capture_output=True, text=True).stdout
        detections = [json.loads(line) for line in out.splitlines() if line.strip()]
        starts = [t(d["window_start"]) for d in detections]
        first = min(starts) if starts else t(truth[0]["start"]) - timedelta(minutes=2)
        origin = min([first] + [t(x["start"]) for x in truth]) - timedelta(minutes=5)
        origin = datetime(origin.year, origin.month, origin.day, tzinfo=origin.tzinfo)
        total_windows = 0
        last = max(t(x["end"]) for x in truth) + timedelta(minutes=5)
        for d in detectors:
            for entry in [x for x in truth if x["detector_id"] == d]:
                hits = [x for x in detections if x["detector"] == d and matches(entry["subject"], x["subject"]) and t(x["window_end"]) > t(entry["start"])]
                if hits:
                    stats[d]["delays"].append((min(t(x["window_end"]) for x in hits) - t(entry["start"])).total_seconds())
                else:
                    stats[d]["missed"] += 1
        # windows of the capture, aligned on the first detection window start (the pipeline's alignment)
        align = min(starts) if starts else None
        if align is None:
            continue
        w = align
        capture_start = t(truth[0]["start"]) - timedelta(minutes=10)
        while w - window > capture_start:
            w -= window
        capture_end = t(truth[-1]["end"]) + timedelta(minutes=10)
        windows = []
        while w < capture_end:
            windows.append(w)
            w += window
        for d in detectors:
            fired = {t(x["window_start"]) for x in detections if x["detector"] == d}
            for ws in windows:
                we = ws + window
                attack_running = any(t(x["start"]) < we and ws < t(x["end"]) + window for x in truth)
                own_attack = any(x["detector_id"] == d and t(x["start"]) < we and ws < t(x["end"]) + window for x in truth)
                if not attack_running:
                    stats[d]["benign_windows"] += 1
                    if ws in fired:
                        stats[d]["fp_windows"] += 1
                elif not own_attack and ws in fired:
                    stats[d]["cross"] += 1

print(f"seeds {','.join(map(str, seeds))}, {duration} each, 10 s windows, benign 100 queries/s")
print("| detector | attacks detected | detection delay (mean / max) | false-positive windows | FP rate | windows fired during other attacks |")
print("|---|---|---|---|---|---|")
for d in detectors:
    s = stats[d]
    n = len(s["delays"])
    delay = f"{sum(s['delays']) / n:.1f} s / {max(s['delays']):.1f} s" if n else "-"
    rate = s["fp_windows"] / s["benign_windows"] if s["benign_windows"] else 0
    print(f"| {d} | {n}/{n + s['missed']} | {delay} | {s['fp_windows']}/{s['benign_windows']} | {rate:.2%} | {s['cross']} |")
