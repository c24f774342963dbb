#!/usr/bin/env bash
# Validates dnscert's exports against the published schemas (MISP core format, STIX 2.1, TLP 2.0, MISP taxonomies).
# The schemas are not in the repository; pass their directory (default ../shared/standards, next to the checkout).
# Usage: scripts/verify-standards.sh [standards-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/standards}"
if [ ! -d "$dir" ]; then
  echo "verify-standards: $dir does not exist; pass the standards directory as the first argument." >&2
  exit 1
fi
export DNSCERT_STANDARDS_DIR="$(cd "$dir" && pwd)"
dotnet build tests/Dnscert.UnitTests -c Release -warnaserror -v q -nologo
# Exchange formats (docs/exchange.md): MISP event, MISP taxonomies, STIX 2.1 bundle, TLP 2.0 marking definitions.
dotnet test --project tests/Dnscert.UnitTests -c Release --no-build -- --filter-class "*StandardsSchemaTests*"
