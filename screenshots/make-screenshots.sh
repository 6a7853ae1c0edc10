#!/usr/bin/env bash
# Remakes the README's screenshots: the real kmmtop, in a real terminal (tmux, 120×40, TERM=tmux-256color),
# driven by keys, captured with colours and attributes, and rendered to PNG by render_ansi.py.
#
#   screenshots/make-screenshots.sh          # builds with `swift build`, writes screenshots/*.png (~1 minute)
#   NO_BUILD=1 screenshots/make-screenshots.sh   # uses the binary already built
#
# Needs (it installs nothing; on Debian/Ubuntu):
#   swift (6.2+) and libncurses-dev   as for building kmmtop
#   tmux (3.0+)                       apt-get install -y tmux
#   python3 with Pillow               pip install pillow
#   fonts, found through fontconfig   apt-get install -y fontconfig fonts-dejavu-core fonts-noto-cjk
#                                     (fonts-ipafont-gothic does instead of fonts-noto-cjk)
# Not run by CI: screenshots are made by developers and committed.
#
# Every scene runs on the built-in DEMO account (no account configured), with its own empty
# XDG_CONFIG_HOME/XDG_STATE_HOME in a temporary directory, in a tmux server of its own
# (`tmux -L kmmtop-shots-PID`, no ~/.tmux.conf), so nothing of the developer's setup shows.
# Waits are on what the screen says, never blind sleeps; a scene that doesn't reach its state in
# time fails with the screen it got.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=screenshots
COLS=120 ROWS=40
INTERVAL=5s   # polls every 5s instead of 10s: deltas and sparkline history come twice as fast

missing=()
command -v swift >/dev/null || missing+=("swift")
command -v tmux >/dev/null || missing+=("tmux (apt-get install -y tmux)")
command -v fc-match >/dev/null || missing+=("fontconfig (apt-get install -y fontconfig)")
python3 -c 'import PIL' 2>/dev/null || missing+=("Pillow for python3 (pip install pillow)")
if command -v fc-list >/dev/null; then
    fc-list | grep -q 'DejaVu Sans Mono' || missing+=("DejaVu Sans Mono (apt-get install -y fonts-dejavu-core)")
    fc-list ':lang=ja' family | grep -q . || missing+=("a Japanese font (apt-get install -y fonts-noto-cjk)")
fi
if ((${#missing[@]})); then
    printf 'make-screenshots.sh: missing: %s\n' "${missing[@]}" >&2
    exit 1
fi

[ "${NO_BUILD:-}" = 1 ] || swift build --product kmmtop
BIN="$(swift build --show-bin-path)/kmmtop"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kmmtop-shots.XXXXXX")"
SOCKET="kmmtop-shots-$$"
tmx() { tmux -L "$SOCKET" "$@"; }
cleanup() { tmx kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat >"$WORK/tmux.conf" <<'EOF'
set -g status off
set -g default-terminal tmux-256color
set -g default-size 120x40
set -g remain-on-exit on
set -g history-limit 0
EOF

# start SCENE ARGS...: kmmtop in a fresh 120×40 session named SCENE, with a clean environment.
start() {
    local scene=$1; shift
    mkdir -p "$WORK/$scene/config" "$WORK/$scene/state"
    tmx -f "$WORK/tmux.conf" new-session -d -s "$scene" -x "$COLS" -y "$ROWS" -- \
        env -u NO_COLOR -u COLORTERM -u COLUMNS -u LINES -u KMMTOP_TOKEN \
        TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        XDG_CONFIG_HOME="$WORK/$scene/config" XDG_STATE_HOME="$WORK/$scene/state" \
        "$BIN" --interval "$INTERVAL" "$@"
}

screen() { tmx capture-pane -p -t "$1"; }

# wait_for SCENE REGEX [SECONDS]: until the screen matches (grep -E), or fail showing the screen.
wait_for() {
    local scene=$1 regex=$2 limit=${3:-30}
    local deadline=$((SECONDS + limit))
    until screen "$scene" | grep -Eq -- "$regex"; do
        if [ "$(tmx display-message -p -t "$scene" '#{pane_dead}')" = 1 ] || ((SECONDS >= deadline)); then
            echo "make-screenshots.sh: scene '$scene' never showed /$regex/ within ${limit}s; its screen:" >&2
            screen "$scene" >&2
            exit 1
        fi
        sleep 0.2
    done
}

# wait_gone SCENE REGEX [SECONDS]: until the screen no longer matches.
wait_gone() {
    local scene=$1 regex=$2 limit=${3:-10}
    local deadline=$((SECONDS + limit))
    while screen "$scene" | grep -Eq -- "$regex"; do
        if ((SECONDS >= deadline)); then
            echo "make-screenshots.sh: scene '$scene' still shows /$regex/ after ${limit}s; its screen:" >&2
            screen "$scene" >&2
            exit 1
        fi
        sleep 0.2
    done
}

# shoot SCENE NAME: capture with colours and attributes, render to screenshots/NAME.png.
shoot() {
    local scene=$1 name=$2
    tmx capture-pane -e -p -N -t "$scene" >"$WORK/$name.ans"
    python3 "$OUT/render_ansi.py" --cols "$COLS" --rows "$ROWS" "$WORK/$name.ans" "$OUT/$name.png"
    echo "$OUT/$name.png  ($(($(wc -c <"$OUT/$name.png") / 1024)) KB)"
}

loaded='data [0-9]+s old'   # the header once the first poll is in
delta='[▲▼][0-9]'            # a change since the previous poll (sort arrows have no number after them)

# The default board, and from the same session the detail view and the help overlay.
start board
wait_for board "$loaded"
wait_for board "$delta"
shoot board demo-board

# Detail of the fewest agents online (panel 1, sorted online▼, last row: the likeliest breach): its
# metrics with sparklines back-filled from the historical route, and its agents beside them.
tmx send-keys -t board 1 End Enter
wait_for board 'Esc closes'
wait_for board '[▁▂▃▄▅▆▇█]{10}' 30
wait_for board 'Agents \([0-9]+\)'
shoot board detail

tmx send-keys -t board Escape
wait_gone board 'Esc closes'
tmx send-keys -t board F1
wait_for board 'this help'
shoot board help

# The group tree: by agent group (g), once every group's subtree is read; the Queue panel zoomed.
start tree
wait_for tree "$loaded"
tmx send-keys -t tree g
wait_for tree '│ ▾ '
wait_for tree '│   (▾|  )'
shoot tree tree
tmx send-keys -t tree g
wait_for tree '· by skill ·'
tmx send-keys -t tree 5 z
wait_gone tree '1 Availability'
wait_for tree '^│ SKILL +QUEUED'
shoot tree queue

# Breaches: thresholds low enough that the demo's wait times cross them (no account: DEMO).
cat >"$WORK/breach.yaml" <<'EOF'
thresholds: { avgWaitTime: { warn: 30s, crit: 1m } }
EOF
start breach --config "$WORK/breach.yaml"
wait_for breach "$loaded"
wait_for breach '‼'
wait_for breach '^breach .*CRIT'
tmx send-keys -t breach 3
wait_for breach "$delta"
shoot breach breach

# Monochrome: the breach marks and the selection still read without colour.
start mono --theme mono
wait_for mono "$loaded"
wait_for mono "$delta"
shoot mono mono
