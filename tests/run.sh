#!/usr/bin/env bash
# Runs every test in the solution: the README's test command, and what CI calls.
# It checks for what the tests need before running them and says exactly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed to run the tests (dotnet was not found on PATH)." >&2
  exit 1
fi

# Debian packages the tests use for real: an SMTP server on loopback (aiosmtpd) and a headless
# Chromium with its driver for the browser tests. Never a browser download of a test tool's own.
needed=()
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || needed+=(python3-aiosmtpd)
[[ -x /usr/bin/chromium ]] || needed+=(chromium)
[[ -x /usr/bin/chromedriver ]] || needed+=(chromium-driver)
if ((${#needed[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing ${needed[*]} for the tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}"
  else
    echo "The tests need these Debian packages: ${needed[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${needed[*]}" >&2
    exit 1
  fi
fi

# axe-core, injected into pages by the accessibility checks, and Lighthouse, run on the public pages, pinned in
# package-lock.json: installed when either is missing or not the locked version.
browser_tools() {
  (cd tests/VerifyTrack.BrowserTests && node -e '
    const locked = require("./package-lock.json").packages;
    for (const name of ["axe-core", "lighthouse"]) {
      const installed = require("./node_modules/" + name + "/package.json").version;
      if (installed !== locked["node_modules/" + name].version) process.exit(1);
    }' >/dev/null 2>&1)
}
if ! browser_tools; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "The browser tests need npm (Node.js) to install axe-core and Lighthouse." >&2
    exit 1
  fi
  (cd tests/VerifyTrack.BrowserTests && npm ci --no-audit --no-fund --silent)
fi

# Run in an odd time zone (UTC+13:45) so that any use of the machine's local time shows up as a failure.
export TZ="${VERIFYTRACK_TEST_TZ:-Pacific/Chatham}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

set +e
dotnet test VerifyTrack.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{ total += $2 } END { print total + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"

if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "No test ran: treating that as a failure." >&2
  exit 1
fi
exit "$status"
