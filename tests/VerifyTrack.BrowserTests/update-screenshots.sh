#!/usr/bin/env bash
# Refreshes the README's screenshots from the last browser test run (bash tests/run.sh writes artifacts/).
set -euo pipefail
cd "$(dirname "$0")"
for name in queue claim status-claim dashboard-1280 intake-candidates; do
  cp "artifacts/$name.png" "screenshots/$name.png"
done
echo "Updated screenshots/: queue.png claim.png status-claim.png dashboard-1280.png intake-candidates.png"
