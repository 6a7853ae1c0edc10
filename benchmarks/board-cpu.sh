#!/usr/bin/env bash
# The board's CPU over a minute at 2,000 skills, beside htop's on the same machine and terminal size.
# Run by hand (not in CI):  benchmarks/board-cpu.sh [seconds]     (default 60; needs tmux and htop)
#
# 1. `kmmtop serve` with 2,000 skills and 5,000 agents (a generous rate limit, so the board's own
#    budget is what paces it), 2. the release board against it in a 120×40 tmux pane for SECONDS,
#    3. htop in the same kind of pane for SECONDS. Prints each one's user+system CPU time and its share
#    of one core, read from /proc/PID/stat, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
command -v tmux >/dev/null || { echo "board-cpu.sh: needs tmux (apt-get install -y tmux)" >&2; exit 1; }
command -v htop >/dev/null || { echo "board-cpu.sh: needs htop (apt-get install -y htop)" >&2; exit 1; }
swift build -c release --product kmmtop >/dev/null
BIN="$(swift build -c release --show-bin-path)/kmmtop"
WORK="$(mktemp -d)"
SOCKET="kmmtop-cpu-$$"
tmx() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() { tmx kill-server 2>/dev/null || true; [ -n "${SERVE:-}" ] && kill "$SERVE" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" serve --port 0 --skills 2000 --agents 5000 --groups 200 --requests-per-minute 100000 --max-concurrent 16 \
    >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE=$!
until grep -q 'listening on' "$WORK/serve.out"; do sleep 0.2; kill -0 "$SERVE" || { cat "$WORK/serve.err"; exit 1; }; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
cat >"$WORK/kmmtop.yaml" <<YAML
account: "90412345"
server: http://127.0.0.1:$PORT
poll: { interval: 10s, requests_per_minute: 600, max_concurrent: 4 }
YAML

ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
measure() {  # name, command: runs it in a fresh 120×40 pane, waits 5 s to settle, then SECONDS_TO_RUN
    tmx new-session -d -s "$1" -x 120 -y 40 "env TERM=tmux-256color LANG=C.UTF-8 XDG_STATE_HOME=$WORK $2"
    sleep 5
    local pid
    pid=$(pgrep -n -f "$3")
    local before after
    before=$(cpu "$pid")
    sleep "$SECONDS_TO_RUN"
    after=$(cpu "$pid")
    tmx kill-session -t "$1"
    awk -v a="$after" -v b="$before" -v s="$SECONDS_TO_RUN" 'BEGIN { printf "%.2f %.2f\n", a - b, (a - b) / s * 100 }'
}
read -r board_cpu board_pct < <(measure board "$BIN --config $WORK/kmmtop.yaml" "$BIN --config")
read -r htop_cpu htop_pct < <(measure htop "htop" "^htop")
echo "board CPU over ${SECONDS_TO_RUN} s at 2,000 skills (release, 120x40): ${board_cpu} s = ${board_pct}% of a core"
echo "htop CPU over ${SECONDS_TO_RUN} s (default 1.5 s refresh, 120x40):    ${htop_cpu} s = ${htop_pct}% of a core"
awk -v b="$board_cpu" -v h="$htop_cpu" 'BEGIN { if (h > 0) printf "ratio board/htop: %.2f\n", b / h }'
