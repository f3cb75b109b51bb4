#!/usr/bin/env bash
# REST API benchmark: wrk against `atrium serve`, and nginx serving the very
# same response bytes from a file in the same run, so every number is also a
# ratio to what this machine can do at all.
#
#   bash tests/bench/api_bench.sh [BUILD_DIR] [SECONDS]
#
# Prints one line per scenario: req/s, p50, p99, errors, ratio to nginx.
# Everything runs on 127.0.0.1; Atrium uses libvirt's simulator.
set -euo pipefail

build=${1:-build}
seconds=${2:-10}
atrium=$(cd "$build" && pwd)/app/atrium
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/atrium-bench.XXXXXX)
chmod 755 "$work"  # nginx's workers run as another user and must read the file
atrium_port=18901
nginx_port=18902
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx python3; do
    command -v "$tool" >/dev/null || { echo "api_bench: $tool is missing (installer/install-deps.sh installs it)" >&2; exit 1; }
done

token=$("$atrium" token create --data-dir "$work/data" --name Bench --email bench@example.test --role admin --json |
        python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
"$atrium" serve --data-dir "$work/data" --host test:///default --listen "127.0.0.1:$atrium_port" >"$work/atrium.log" 2>&1 &
atrium_pid=$!
pids+=("$atrium_pid")
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$atrium_port/api/health" >/dev/null && break
    sleep 0.1
done

mkdir -p "$work/nginx/logs" "$work/www/api"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/logs/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    # nginx at its best, the physical limit: the file straight from the page cache, and
    # keep-alive connections that are never recycled.
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server {
        listen 127.0.0.1:$nginx_port;
        # gzip_static: the .gz Atrium itself sent, to clients that accept gzip (the same bytes again).
        location = /api/workspaces { default_type application/json; gzip_static on; alias $work/www/api/workspaces.json; }
    }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
sleep 0.3

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$atrium_pid/status"; }

# wrk's latency report → "req/s p50_ms p99_ms errors"
summarize() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"\s%s\s+([\d.]+)(us|ms|s)" % re.escape(label), text)
    if not m: return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if m: errors += sum(map(int, m.groups()))
print(f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f} {errors}")
PY
}

run_wrk() {  # name url threads connections seconds [script]; $accept: an Accept-Encoding to send
    local out="$work/$1.txt"
    local extra=()
    [ -n "${6:-}" ] && extra=(-s "$6")
    [ -n "${accept:-}" ] && extra+=(-H "Accept-Encoding: $accept")
    wrk -t"$3" -c"$4" -d"$5"s --latency -H "Authorization: Bearer $token" "${extra[@]}" "$2" >"$out"
    summarize "$out"
}

list_scenario() {  # slug label; $accept: gzip for the compressed case
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$atrium_port/api/workspaces" >"$work/www/api/workspaces.json"
    curl -sf -H "Authorization: Bearer $token" -H "Accept-Encoding: gzip" "http://127.0.0.1:$atrium_port/api/workspaces" \
        >"$work/www/api/workspaces.json.gz"
    chmod 644 "$work/www/api/workspaces.json" "$work/www/api/workspaces.json.gz"
    local bytes file=workspaces.json
    [ -n "${accept:-}" ] && file=workspaces.json.gz
    bytes=$(stat -c %s "$work/www/api/$file")
    # Same bytes from both, or the comparison means nothing.
    cmp -s "$work/www/api/$file" <(curl -sf ${accept:+-H "Accept-Encoding: $accept"} "http://127.0.0.1:$nginx_port/api/workspaces") ||
        { echo "api_bench: nginx does not serve the same bytes" >&2; exit 1; }
    read -r a_rps a_p50 a_p99 a_err <<<"$(run_wrk "atrium-$1" "http://127.0.0.1:$atrium_port/api/workspaces" 1 10 "$seconds")"
    read -r n_rps n_p50 n_p99 n_err <<<"$(run_wrk "nginx-$1" "http://127.0.0.1:$nginx_port/api/workspaces" 1 10 "$seconds")"
    python3 - "$2" "$bytes" "$a_rps" "$a_p50" "$a_p99" "$a_err" "$n_rps" "$n_p50" "$n_p99" "$n_err" <<'PY'
import sys
label, size, a_rps, a50, a99, aerr, n_rps, n50, n99, nerr = sys.argv[1:]
print(f"GET /api/workspaces, {label} ({int(size):,} bytes on the wire), wrk -t1 -c10:")
print(f"  atrium {float(a_rps):>9,.0f} req/s  p50 {float(a50):.3f} ms  p99 {float(a99):.3f} ms  errors {aerr}")
print(f"  nginx  {float(n_rps):>9,.0f} req/s  p50 {float(n50):.3f} ms  p99 {float(n99):.3f} ms  errors {nerr}")
print(f"  ratio  {float(a_rps)/float(n_rps):.2f} x nginx")
PY
}

echo "Atrium API benchmark, $(nproc) cores, ${seconds}s per run, $(date -u +%Y-%m-%dT%H:%MZ)"
list_scenario small "5 workspaces"

# 995 more workspaces (a mix of VMs and loopback endpoints), created through the API.
python3 - "$atrium_port" "$token" <<'PY'
import sys, requests
port, token = sys.argv[1], sys.argv[2]
s = requests.Session()
s.headers["Authorization"] = f"Bearer {token}"
for i in range(995):
    body = {"name": f"Bench {i:04d}", "description": "benchmark workspace", "requires_netbird": False}
    if i % 2:
        body.update(type="web", url=f"http://127.0.0.1:9/{i}")
    else:
        body.update(type="linux", cpu="1 vCPU", memory="256 MB", storage="1 GB")
    r = s.post(f"http://127.0.0.1:{port}/api/workspaces", json=body)
    r.raise_for_status()
PY
list_scenario large "1,000 workspaces"
accept=gzip list_scenario large-gzip "1,000 workspaces, gzip"

# Launch + stop cycles: one loopback endpoint and one simulated VM, alternating.
ids=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$atrium_port/api/workspaces" |
      python3 -c 'import sys, json; w=[x for x in json.load(sys.stdin) if x["name"].startswith("Bench 000")]; print(" ".join(x["id"] for x in w[:2]))')
set -- $ids
cat >"$work/cycle.lua" <<LUA
local ids = {"$1", "$2"}
local n = 0
request = function()
    n = n + 1
    local id = ids[(math.floor((n - 1) / 2) % 2) + 1]
    local verb = (n % 2 == 1) and "launch" or "stop"
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Content-Length"] = "0"
    return wrk.format("POST", "/api/workspaces/" .. id .. "/" .. verb, headers)
end
LUA
read -r c_rps c_p50 c_p99 c_err <<<"$(run_wrk cycles "http://127.0.0.1:$atrium_port" 1 1 "$seconds" "$work/cycle.lua")"
printf 'Launch+stop, 1 connection (each request one step; every launch opens a session):\n  %s steps/s  p50 %s ms  p99 %s ms  non-2xx %s (409s expected when a step meets the other half of a cycle)\n' \
    "$c_rps" "$c_p50" "$c_p99" "$c_err"

# Soak: 64 connections for 60 s on the 1,000-workspace list; memory must stay flat.
before=$(rss_kb)
( for i in 1 2 3 4 5 6; do sleep 10; rss_kb; done >"$work/rss.txt" ) &
read -r s_rps s_p50 s_p99 s_err <<<"$(run_wrk soak "http://127.0.0.1:$atrium_port/api/workspaces" 2 64 60)"
wait $! 2>/dev/null || true
printf 'Soak, 64 connections, 60 s, 1,000-workspace list:\n  %s req/s  p50 %s ms  p99 %s ms  errors %s\n  RSS before %s KB, every 10 s: %s\n' \
    "$s_rps" "$s_p50" "$s_p99" "$s_err" "$before" "$(tr '\n' ' ' <"$work/rss.txt")"
