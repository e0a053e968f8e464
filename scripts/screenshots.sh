#!/usr/bin/env bash
# Regenerates the README's screenshots of the example handbook with headless
# Chromium (tests/browser/shots.mjs, Playwright): the home page, an SLA page,
# the SLA matrix, trace.html and a FAQ page of the company edition, each at
# desktop (1280 px) and phone (390 px) width, into docs/.
# Needs: chromium and fonts-noto-cjk (apt-get install -y chromium
# fonts-noto-cjk), Node.js and `npm ci --prefix tests/browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -d tests/browser/node_modules/playwright-core ] || npm ci --prefix tests/browser --no-audit --no-fund
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1780000000} PLAYBOOK_TODAY=${PLAYBOOK_TODAY:-2026-11-26} \
  cargo run --quiet --release -- build --out "$out"
# Full pages at both widths; the phone shots of long pages are cut to the
# first one and a half screens (PAGE@0) so they stay legible in the README.
node tests/browser/shots.mjs "$out" company docs \
  index.html=screenshot-home \
  sla/sla-chat-first.html=screenshot-sla \
  sla/index.html@0=screenshot-sla-matrix \
  trace.html@0=screenshot-trace \
  faq/faq-refund.html=screenshot-faq
ls docs/screenshot-*.png
