#!/usr/bin/env bash
# The API reference Atrium serves is the one openapi.py writes (no hand edits that the next
# regeneration would drop), and Redocly's linter finds nothing in it: no error, no warning.
#
#   bash tests/api/openapi-reference.sh SOURCE_DIR
set -euo pipefail
source_dir=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$source_dir/core/api/openapi.py" "$work/openapi.json" >/dev/null
if ! cmp -s "$work/openapi.json" "$source_dir/core/api/openapi.json"; then
    echo "FAIL: core/api/openapi.json is not what core/api/openapi.py writes; run: python3 core/api/openapi.py" >&2
    diff <(python3 -m json.tool "$source_dir/core/api/openapi.json") <(python3 -m json.tool "$work/openapi.json") | head -40 >&2 || true
    exit 1
fi
echo "ok: openapi.json is what openapi.py writes"

redocly="$source_dir/.tools/redocly/node_modules/.bin/redocly"
[ -x "$redocly" ] || redocly=$(command -v redocly || true)
if [ -z "$redocly" ]; then
    echo "FAIL: Redocly's CLI is missing; installer/install-deps.sh installs it (npm, @redocly/cli 2.77.0)" >&2
    exit 1
fi
# No telemetry, no update check: the linter reads one local file and talks to nobody.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true
status=0
output=$("$redocly" lint "$source_dir/core/api/openapi.json" 2>&1) || status=$?
if [ "$status" != 0 ] || grep -qiE '\b(warning|error)s?\b' <<<"$(grep -v 'Node.js' <<<"$output")"; then
    echo "$output" >&2
    echo "FAIL: redocly lint is not clean (exit $status)" >&2
    exit 1
fi
echo "ok: redocly lint $("$redocly" --version 2>/dev/null | tail -1) finds nothing in openapi.json"
