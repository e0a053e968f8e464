#!/bin/sh
# Rebuilds the example's release snapshots (releases/2026.1.json and
# releases/2026.2.json) by really running `playbook release` on the earlier
# states of content/: a temporary copy of the project, with the edits made
# since each release undone. Run it from the repository root after changing
# the example, so that its change log shows exactly the edits listed here
# (each undo must apply exactly once, or the script stops).
#
#   2026.1 (2026-03-01)  the first release
#   2026.2 (2026-07-01)  chat first response tightened 3m -> 2m, FAQ-CHANGE-ADDRESS
#                        added, the onboarding chat module extended 2h -> 3h,
#                        the internal fee page's chat price changed
#   unreleased           REQ-EMAIL's volume 2,400 -> 2,600, a paragraph added to FAQ-REFUND
set -eu
cargo build --quiet
binary="$(pwd)/target/debug/playbook"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# undo FILE OLD NEW: replaces the one occurrence of OLD by NEW in FILE.
undo() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"{path}: expected exactly one `{old}`")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
}

copy_project() {
    rm -rf "$1" && mkdir -p "$1"
    cp -r content playbook.yaml "$1"/
    [ -d templates ] && cp -r templates "$1"/ || true
    [ -d static ] && cp -r static "$1"/ || true
    [ -d data ] && cp -r data "$1"/ || true
}

undo_unreleased() {
    undo "$1/content/requirement/email.md" "volume: 2600" "volume: 2400"
    undo "$1/content/requirement/email.md" "月均约 2,600 封" "月均约 2,400 封"
    undo "$1/content/faq/refund.md" "送回仓库；
- **优惠券与积分**：随退款一并退回顾客账户，已过期的优惠券不再补发。" "送回仓库。"
}

undo_2026_2() {
    undo "$1/content/sla/chat-first-response.md" "title: 在线聊天 2 分钟内人工首次回复" "title: 在线聊天 3 分钟内人工首次回复"
    undo "$1/content/sla/chat-first-response.md" "target: 2m" "target: 3m"
    undo "$1/content/sla/chat-first-response.md" "在转人工后 2 分钟内收到" "在转人工后 3 分钟内收到"
    rm "$1/content/faq/change-address.md"
    undo "$1/content/training/onboarding.md" "在线聊天服务标准与快捷短语, duration: 3h" "在线聊天服务标准与快捷短语, duration: 2h"
    undo "$1/content/guide/fees.md" "| 在线聊天 | ¥2.80 |" "| 在线聊天 | ¥2.60 |"
    undo "$1/content/guide/fees.md" "| 52,000 | ¥145,600 |" "| 52,000 | ¥135,200 |"
    undo "$1/content/guide/fees.md" "**¥375,150**（固定费 ¥68,000 + 按量费 ¥307,150）" "**¥364,750**（固定费 ¥68,000 + 按量费 ¥296,750）"
}

release() {
    sed -i "s/^version: .*/version: \"$2\"/" "$1/playbook.yaml"
    PLAYBOOK_TODAY="$3" "$binary" release --root "$1"
}

copy_project "$work/first"
undo_unreleased "$work/first"
undo_2026_2 "$work/first"
release "$work/first" 2026.1 2026-03-01

copy_project "$work/second"
undo_unreleased "$work/second"
mkdir -p "$work/second/releases"
cp "$work/first/releases/2026.1.json" "$work/second/releases/"
release "$work/second" 2026.2 2026-07-01

rm -rf releases
mkdir releases
cp "$work/second/releases/2026.1.json" "$work/second/releases/2026.2.json" releases/
echo "releases/ rebuilt"
