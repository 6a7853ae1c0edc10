#!/usr/bin/env bash
# Regenerates man/kmmtop.1 from the argument parser's own definitions (swift-argument-parser's
# generate-manual plugin), so the page says exactly what `kmmtop --help` says. Run it after changing a
# flag or a help text; `swift test` (ManPageTests) fails while the page lags behind the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
# The date the page carries; moved by hand with the version (ProductVersion.current).
date=2026-12-02
swift package --allow-writing-to-package-directory generate-manual --configuration debug --date "$date" \
    --authors "the kmmtop developers" >/dev/null
# The generator's EXIT STATUS is the generic "0 on success, >0 on error"; kmmtop's own statuses
# (man/exit-status.mdoc, as in --help and the README) replace it.
python3 - .build/plugins/GenerateManual/outputs/kmmtop/kmmtop.1 man/exit-status.mdoc man/kmmtop.1 <<'PY'
import sys
page, statuses, out = sys.argv[1:]
text = open(page).read()
assert ".Ex -std\n" in text, "the generated page has no .Ex -std to replace"
open(out, "w").write(text.replace(".Ex -std\n", open(statuses).read()))
PY
echo "man/kmmtop.1: $(wc -l <man/kmmtop.1) lines (man -l man/kmmtop.1)"
