#!/usr/bin/env bash
# Refreshes the README's screenshots from the last browser test run (bash tests/run.sh writes artifacts/).
set -euo pipefail
cd "$(dirname "$0")"
for name in queue claim dashboard-1280 intake-candidates; do
  cp "artifacts/$name.png" "screenshots/$name.png"
done
# The reader's claim page after the editor's day: a denial, its timeline, the badge and the share card.
cp artifacts/2-status-claim.png screenshots/status-claim.png
echo "Updated screenshots/: queue.png claim.png status-claim.png dashboard-1280.png intake-candidates.png"
