#!/usr/bin/env bash
# Regenerates the README's screenshots of the example handbook with headless
# Chromium: the home page and an SLA page of the company edition, at desktop
# width, and the SLA page at phone width.
# Needs: chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cargo run --quiet --release -- build --out "$out"
shoot() { # url file width height
  local profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$3,$4" \
    --screenshot="$2" "file://$out/company/$1" 2>/dev/null
  rm -rf "$profile"
}
shoot index.html docs/screenshot-home.png 1280 900
shoot sla/sla-chat-first.html docs/screenshot-sla.png 1280 900
shoot sla/sla-chat-first.html docs/screenshot-sla-phone.png 390 844
rm -rf "$out"
echo "wrote docs/screenshot-home.png, docs/screenshot-sla.png, docs/screenshot-sla-phone.png"
