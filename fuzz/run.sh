#!/usr/bin/env bash
# Fuzz dnscert's parsers with SharpFuzz + afl-fuzz. By hand or nightly, never in CI (docs/fuzzing.md).
#   bash fuzz/run.sh dns-message 600      # target, seconds (default 300)
#   bash fuzz/run.sh zone-file 600
#   bash fuzz/run.sh pcap|pcapng|capture-gzip|ip-fragments|tcp-stream|dnstap 300   # the traffic readers
# Needs afl++ (apt-get install afl++) and the SharpFuzz.CommandLine dotnet tool (installed here on first run).
# Crashes land in $STATE/out-<target>/default/crashes/; keep each as tests/data/corpus/<target>/<name> and the
# unit test FuzzCorpusTests replays it from then on.
set -euo pipefail
targets="dns-message|zone-file|pcap|pcapng|capture-gzip|ip-fragments|tcp-stream|dnstap"
target="${1:?usage: fuzz/run.sh $targets [seconds]}"
seconds="${2:-300}"
case "|$targets|" in *"|$target|"*) ;; *) echo "unknown target $target (one of $targets)" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${DNSCERT_FUZZ_DIR:-/tmp/dnscert-fuzz}"
mkdir -p "$state"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
if [ ! -x "$state/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$state/tools" >/dev/null
fi
rm -rf "$state/bin"
dotnet publish "$root/fuzz/Dnscert.Fuzz" -c Release -o "$state/bin" -v q -nologo >/dev/null
# Instrument the libraries that hold the parsers (the harness itself needs no coverage): the DNS wire layer, and the
# traffic readers (pcap/pcapng, reassembly, Frame Streams and dnstap) for the traffic targets.
"$state/tools/sharpfuzz" "$state/bin/Dnscert.Dns.dll"
case "$target" in dns-message|zone-file) ;; *) "$state/tools/sharpfuzz" "$state/bin/Dnscert.Traffic.dll" ;; esac
seeds="$state/seeds-$target"
rm -rf "$seeds" && mkdir -p "$seeds"
cp "$root/fuzz/corpus/$target/"* "$seeds/"
if [ -d "$root/tests/data/corpus/$target" ]; then cp "$root/tests/data/corpus/$target/"* "$seeds/" 2>/dev/null || true; fi
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -i "$seeds" -o "$state/out-$target" -V "$seconds" -t 5000 -m none -- dotnet "$state/bin/Dnscert.Fuzz.dll" "$target" || true
crashes=$(find "$state/out-$target" -path '*/crashes/id*' 2>/dev/null | wc -l)
stats=$(find "$state/out-$target" -name fuzzer_stats | head -1)
[ -n "$stats" ] && grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
echo "crashes: $crashes (in $state/out-$target/default/crashes)"
