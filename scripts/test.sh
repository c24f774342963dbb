#!/usr/bin/env bash
# Runs every dnscert test: installs the name servers the tests need when missing, builds with
# warnings as errors, then runs the unit and integration tests against real NSD, Knot and BIND.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
dotnet build dnscert.slnx -c Release -warnaserror -nologo -v quiet
# One test project at a time: the integration and UI tests each bring up lab servers on the same 127.53.x.y addresses.
dotnet test --solution dnscert.slnx -c Release --no-build --max-parallel-test-modules 1 "$@"
