#!/usr/bin/env bash
# The main job, offline: brings up the DNS lab (real NSD, Knot and BIND on 127.53.x.y) and shows what
# it serves. Later issues grow this into the dashboard and monitor.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
dotnet build src/Dnscert.Cli -c Release -nologo -v quiet
dnscert=src/Dnscert.Cli/bin/Release/net10.0/dnscert
"$dnscert" lab up "$@"
"$dnscert" lab status
"$dnscert" lab verify
echo
echo "The lab keeps running. Stop it with: $dnscert lab down"
