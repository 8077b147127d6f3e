#!/usr/bin/env bash
# Clerk's browser SDK (@clerk/clerk-js, pinned in package.json) in headless Chromium against a running clerk-emulator:
# load, sign-up with an e-mail code, setActive, getToken, sign-out, a wrong password and an unknown e-mail refused
# with Clerk's codes, sign-in, password reset by e-mail code, an organization made active. Needs `npm install` here,
# Chromium (Debian's `chromium`), and an emulator whose EMULATOR_AUTHORIZED_PARTIES has the page's origin (default
# http://localhost:5173).
# Prints the journey and exits 0 only if it reached its end.
set -euo pipefail
cd "$(dirname "$0")"
EMULATOR_URL="${EMULATOR_URL:-http://localhost:8090}"
PAGE_PORT="${PAGE_PORT:-5173}"
site="$(mktemp -d)"
profile="$(mktemp -d)"
cp clerk-js-journey.html "$site/index.html"
cp node_modules/@clerk/clerk-js/dist/clerk.no-rhc.mjs "$site/"
python3 -m http.server "$PAGE_PORT" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$site" "$profile"' EXIT
for _ in $(seq 50); do curl -sf "http://localhost:$PAGE_PORT/index.html" >/dev/null && break; sleep 0.1; done
log="$(timeout 120 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$profile" \
  --virtual-time-budget=60000 --dump-dom "http://localhost:$PAGE_PORT/index.html?emulator=$EMULATOR_URL" 2>/dev/null \
  | sed -n '/<pre id="log">/,/<\/pre>/p' | sed -e 's/<[^>]*>//g')"
echo "$log"
grep -qx 'DONE' <<<"$log"
