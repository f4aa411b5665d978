#!/usr/bin/env bash
# Intake quality: the extractor's precision and recall on the labelled articles in
# tests/VerifyTrack.Tests/Intake/Fixtures, as the table in BENCHMARKS.md ("Intake quality").
#   bash bench/intake-quality.sh            the table
#   VERBOSE=1 bash bench/intake-quality.sh  the table, then every miss per article
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(dotnet test tests/VerifyTrack.Tests --filter "FullyQualifiedName~ExtractionQualityTests" --logger "console;verbosity=detailed" 2>&1) || { echo "$out" >&2; exit 1; }
if [[ -n ${VERBOSE:-} ]]; then
  sed -n '/^ *| article/,/^ *Passed\|^ *Failed/p' <<<"$out" | sed 's/^ *//' | grep -v '^Passed\|^Failed'
else
  sed -n '/^ *| article/,/^ *## /p' <<<"$out" | sed 's/^ *//' | grep '^|'
fi
