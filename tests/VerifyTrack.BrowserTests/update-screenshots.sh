#!/usr/bin/env bash
# Refreshes the README's screenshots from the last browser test run (bash tests/run.sh writes artifacts/).
set -euo pipefail
cd "$(dirname "$0")"
for name in queue claim status-claim; do
  cp "artifacts/$name.png" "screenshots/$name.png"
done
echo "Updated screenshots/: queue.png claim.png status-claim.png"
