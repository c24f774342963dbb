#!/usr/bin/env bash
# The main job, offline: installs what is missing, brings up the DNS lab (real NSD, Knot and BIND on
# 127.53.x.y) and runs `dnscert demo`: every lab zone monitored on the embedded SQLite store
# (/tmp/dnscert-demo), findings and hijack alerts as they appear. Ctrl+C stops the monitor; the lab keeps
# running (stop it with: dnscert lab down).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
dotnet build src/Dnscert.Cli -c Release -nologo -v quiet
exec src/Dnscert.Cli/bin/Release/net10.0/dnscert demo "$@"
