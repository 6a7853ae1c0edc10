#!/usr/bin/env bash
# HTTP load on `kmmtop serve` and, as the anchor, a Python server that answers the same bytes without
# computing anything: req/s and p50/p99 at 1, 8 and 64 connections, alternating the two servers.
# Figures, not assertions. Needs wrk (`apt-get install wrk`) and a release build:
#
#   swift build -c release --product kmmtop
#   benchmarks/http-load.sh                                  # the demo's size
#   benchmarks/http-load.sh --agents 5000 --skills 1000     # the large account
#
# DURATION (seconds per run, default 5), CONNECTIONS ("1 8 64") and ROUNDS (kmmtop/anchor pairs per
# connection count, default 2) may be set in the environment. The ratio printed is the median of the
# pairs' ratios (each pair run back to back), which this machine's drift disturbs least; req/s are means.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KMMTOP:-.build/release/kmmtop}"
[ -x "$bin" ] || { echo "benchmarks/http-load.sh: build first: swift build -c release --product kmmtop" >&2; exit 1; }
command -v wrk >/dev/null || { echo "benchmarks/http-load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-5}"
connections="${CONNECTIONS:-1 8 64}"
rounds="${ROUNDS:-2}"
work="$(mktemp -d)"
trap 'kill $serve $anchor 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" serve --port 0 --no-auth --requests-per-minute 1000000000 --max-concurrent 100000 "$@" >"$work/serve.out" 2>/dev/null &
serve=$!
for _ in $(seq 600); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base="$(sed -n 's/^listening on //p' "$work/serve.out")"
[ -n "$base" ] || { echo "kmmtop serve did not start" >&2; exit 1; }
path=/manager_workspace/api/account/90412345/metrics

# The seed's example body, its window moved to the last hour.
now=$(($(date +%s%3N)))
cat >"$work/body.json" <<JSON
{"filters":{"time":{"from":$((now - 3600000)),"to":$now},"userTypes":["HUMAN"]},"groupBy":"agentGroupId","responseSections":["groupBy"],"metricsToRetrieveCurrentValue":["assigned_conversations","human_agent_load"],"metricsToRetrieveByTime":["avg_wait_time","avg_time_to_response","avg_wait_time_first_response","avg_time_to_first_response_first_assignment","closed_conversations"]}
JSON
curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$work/body.json" "$base$path" >"$work/answer.json"
python3 - "$work/answer.json" <<'PY' >/dev/null || { echo "kmmtop serve did not answer the seed query" >&2; exit 1; }
import json, sys; json.load(open(sys.argv[1]))["groupBy"]
PY

# The anchor: the same bytes from Python's ThreadingHTTPServer (HTTP/1.1, keep-alive).
cat >"$work/anchor.py" <<'PY'
import http.server, sys
answer = open(sys.argv[1], "rb").read()
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per response (head and body together) and no Nagle: otherwise every answer waits for
    # the client's delayed ACK (40 ms).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/anchor.py" "$work/answer.json" >"$work/anchor.port" &
anchor=$!
for _ in $(seq 50); do [ -s "$work/anchor.port" ] && break; sleep 0.1; done
anchorBase="http://127.0.0.1:$(cat "$work/anchor.port")"

# The window moves with the clock, as a board's polls do: the last hour up to now, to the second. A body
# fixed at the start would age into "an hour that ended minutes ago" over the runs, a query no board sends.
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json", "r"); local template = f:read("*a"); f:close()
local second, body = -1, template
request = function()
    local now = os.time()
    if now ~= second then
        second = now
        body = (template:gsub('"from":%d+,"to":%d+', string.format('"from":%d,"to":%d', (now - 3600) * 1000, now * 1000)))
    end
    return wrk.format(nil, nil, nil, body)
end
LUA

run() {  # url connections → "req/s p50 p99"
    wrk -t1 -c"$2" -d"${duration}s" --latency -s "$work/post.lua" "$1" 2>/dev/null | awk '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        END { printf "%s %s %s", rps, p50, p99 }'
}

echo "kmmtop serve $* ($(wc -c <"$work/answer.json") byte answer), wrk ${duration}s per run, $rounds alternating pairs"
printf "%-12s %12s %10s %10s   %12s %10s %10s   %6s  %s\n" connections "kmmtop r/s" p50 p99 "anchor r/s" p50 p99 ratio "pairs' ratios"
for c in $connections; do
    ks=(); as=()
    for round in $(seq "$rounds"); do
        read -r k kp50 kp99 <<<"$(run "$base$path" "$c")"
        read -r a ap50 ap99 <<<"$(run "$anchorBase$path" "$c")"
        ks+=("$k"); as+=("$a")
        # p50 and p99 are the first pair's.
        [ "$round" = 1 ] && { p50k=$kp50; p99k=$kp99; p50a=$ap50; p99a=$ap99; }
    done
    python3 - "$c" "$p50k" "$p99k" "$p50a" "$p99a" "${ks[*]}" "${as[*]}" <<'PY'
import statistics, sys
c, p50k, p99k, p50a, p99a, ks, as_ = sys.argv[1:8]
ks = [float(x) for x in ks.split()]; as_ = [float(x) for x in as_.split()]
ratios = [k / a for k, a in zip(ks, as_)]
print(f"{c:<12} {round(statistics.mean(ks)):>12} {p50k:>10} {p99k:>10}   {round(statistics.mean(as_)):>12} {p50a:>10} {p99a:>10}   "
      f"{statistics.median(ratios):>6.2f}  {' '.join(f'{r:.2f}' for r in ratios)}")
PY
done
