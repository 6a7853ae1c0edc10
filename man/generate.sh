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
cp .build/plugins/GenerateManual/outputs/kmmtop/kmmtop.1 man/kmmtop.1
echo "man/kmmtop.1: $(wc -l <man/kmmtop.1) lines (man -l man/kmmtop.1)"
