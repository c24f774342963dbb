#!/usr/bin/env bash
# Checks every mapping of the threat catalogue (MISP tags, IntelMQ taxonomy/type, X-ARF category/type, FIRST DNS
# Abuse technique uuid/name) against the published vocabularies in a standards directory that is not part of the
# repository. Usage: scripts/verify-standards.sh [STANDARDS_DIR]   (default: ../shared/standards)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(realpath "${1:-../shared/standards}")"
[ -d "$dir" ] || { echo "verify-standards: $dir does not exist" >&2; exit 2; }
dotnet build tests/Dnscert.UnitTests -c Release -warnaserror -v q -nologo
DNSCERT_STANDARDS_DIR="$dir" dotnet test --project tests/Dnscert.UnitTests -c Release --no-build -- --filter-class "*StandardsMappingTests*"
