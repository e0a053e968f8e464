#!/usr/bin/env python3
"""Peak memory of `playbook check` and `playbook build` on one huge input.

    benches/huge_inputs.py                        # every shape, 15 MB each
    SIZE_MB=4 SHAPES="table list" benches/huge_inputs.py
    PLAYBOOK=target/debug/playbook benches/huge_inputs.py

For each shape it makes a project with `playbook init` (the small English
example, 9 documents) and adds one huge input of about SIZE_MB megabytes
(10^6 bytes):

    table       one page whose body is a single Markdown table (~28 bytes a row)
    list        one page whose body is a single bullet list
    paragraphs  one page of short Chinese and English paragraphs
    code        one page whose body is a single fenced code block
    headings    one page of headings, each with one line of text (at most
                100 000 of them: 5.6 MB)
    frontmatter one page whose front matter holds a huge `tags` list
    csv         one file in data/ of daily results for 40 daily SLAs
    split       the table shape split into pages of 3.5 MB each (what the
                help of `document-too-large` asks for)
    baseline    nothing added: what the small project itself costs

then runs `playbook check --root P` and `playbook build --root P --out O`
under GNU time (`/usr/bin/time -f '%e %M'`) and prints a Markdown table:
exit code, wall time, peak RSS (maximum resident set size) and the peak
divided by the huge input's size. A command refused by a limit (exit 1 with
`document-too-large`, `file-too-large` or `yaml-too-large`) says so in the
last column. Nothing here asserts a number:
it measures (tests/huge_inputs.rs checks the refusals themselves).

Settings (environment variables):
    SIZE_MB=15                size of the huge input, in 10^6 bytes
    SHAPES="table list ..."   which shapes (default: all)
    PLAYBOOK=target/release/playbook
                              the binary (build it first:
                              cargo build --release)
    BENCH_DIR=${TMPDIR:-/tmp}/playbook-huge
                              projects and outputs (deleted and remade)
    LIMIT=                    when set, written as `limits.max_document_bytes`
                              into each project's playbook.yaml (LIMIT=16000000
                              measures what the limit refuses)
"""

import os
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZE = int(float(os.environ.get("SIZE_MB", "15")) * 1_000_000)
ALL_SHAPES = ["baseline", "table", "list", "paragraphs", "code", "headings", "frontmatter", "csv", "split"]
SPLIT_BYTES = 3_500_000
SHAPES = os.environ.get("SHAPES", " ".join(ALL_SHAPES)).split()
PLAYBOOK = os.path.abspath(os.environ.get("PLAYBOOK", os.path.join(REPO, "target/release/playbook")))
BENCH_DIR = os.environ.get("BENCH_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "playbook-huge"))
LIMIT = os.environ.get("LIMIT", "")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", PLAYBOOK_TODAY="2026-12-31")


def page_header(doc_id, extra=""):
    return f"---\nid: {doc_id}\nkind: page\ntitle: Huge page {doc_id}\n{extra}---\n"


def fill(lines, size, most=None):
    """Joins lines produced by `lines(i)` (at most `most` of them) while the
    text stays within `size` bytes."""
    parts, total, i = [], 0, 0
    while most is None or i < most:
        line = lines(i)
        if total + len(line.encode()) > size:
            break
        parts.append(line)
        total += len(line.encode())
        i += 1
    return "".join(parts)


# Room for a document's front matter and closing lines: each document
# shape stays within SIZE bytes, so SIZE = the limit measures a document
# the limit lets through.
ROOM = 200


def shape_text(shape):
    """The path (relative to the project) and text of the shape's huge input."""
    if shape == "table":
        body = "| # | 订单 | 支付方式 | 到账 |\n|---|---|---|---|\n" + fill(
            lambda i: f"| {i} | 退款 {i} | 微信 | ok |\n", SIZE - ROOM)
        return "content/page/huge.md", page_header("PG-HUGE") + body
    if shape == "list":
        body = fill(lambda i: f"- 第 {i} 项：退款原路退回 refund {i}\n", SIZE - ROOM)
        return "content/page/huge.md", page_header("PG-HUGE") + body
    if shape == "paragraphs":
        body = fill(lambda i: f"第 {i} 段。退款一律原路退回，到账时间取决于支付方式。"
                              f"Refunds go back the way they were paid, paragraph {i}.\n\n", SIZE - ROOM)
        return "content/page/huge.md", page_header("PG-HUGE") + body
    if shape == "code":
        body = "```text\n" + fill(lambda i: f"line {i}: refund <order id=\"{i}\"> & 退款\n", SIZE - ROOM) + "```\n"
        return "content/page/huge.md", page_header("PG-HUGE") + body
    if shape == "headings":
        body = fill(lambda i: f"## 第 {i} 节 Section {i}\n\nText of section {i}.\n\n", SIZE - ROOM, 100_000)
        return "content/page/huge.md", page_header("PG-HUGE") + body
    if shape == "frontmatter":
        tags = fill(lambda i: f"  - tag-{i}\n", SIZE - ROOM)
        return "content/page/huge.md", page_header("PG-HUGE", "tags:\n" + tags) + "A page with many tags.\n"
    if shape == "csv":
        return "data/huge.csv", "id,period,value,note\n" + fill(csv_row, SIZE)
    raise SystemExit(f"unknown shape {shape!r}; known: {' '.join(ALL_SHAPES)}")


DAYS_PER_SLA = 9_000  # about 24 years of days from 2000-01-01


def csv_row(i):
    import datetime
    sla, day = i // DAYS_PER_SLA, i % DAYS_PER_SLA
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
    return f"SLA-DAILY-{sla},{date.isoformat()},{80 + i % 20}.5%,\n"


def daily_sla(number):
    return (f"---\nid: SLA-DAILY-{number}\nkind: sla\ntitle: Daily first response {number}\n"
            f"channel: chat\nmetric: first_response\ntarget: {number + 1}m\nattainment: 80%\n"
            f"window: daily\nsatisfies: [REQ-CHAT]\n---\nA daily SLA.\n")


def make_project(shape):
    project = os.path.join(BENCH_DIR, shape)
    shutil.rmtree(project, ignore_errors=True)
    subprocess.run([PLAYBOOK, "init", project], check=True, stdout=subprocess.DEVNULL, env=ENV)
    if LIMIT:
        with open(os.path.join(project, "playbook.yaml"), "a") as config:
            config.write(f"limits:\n  max_document_bytes: {LIMIT}\n")
    if shape == "baseline":
        return project, 0
    if shape == "split":
        total, part = 0, 0
        while SIZE - total > ROOM:
            body = "| # | 订单 | 支付方式 | 到账 |\n|---|---|---|---|\n" + fill(
                lambda i: f"| {i} | 退款 {i} | 微信 | ok |\n", min(SPLIT_BYTES, SIZE - total))
            data = (page_header(f"PG-HUGE-{part}") + body).encode()
            os.makedirs(os.path.join(project, "content/page"), exist_ok=True)
            with open(os.path.join(project, f"content/page/huge-{part}.md"), "wb") as out:
                out.write(data)
            total += len(data)
            part += 1
        return project, total
    path, text = shape_text(shape)
    os.makedirs(os.path.dirname(os.path.join(project, path)), exist_ok=True)
    data = text.encode()
    with open(os.path.join(project, path), "wb") as out:
        out.write(data)
    if shape == "csv":
        rows = text.count("\n") - 1
        for number in range((rows + DAYS_PER_SLA - 1) // DAYS_PER_SLA):
            with open(os.path.join(project, f"content/sla/daily-{number}.md"), "w") as out:
                out.write(daily_sla(number))
    return project, len(data)


def measure(args):
    """Runs `args` under GNU time; returns (exit code, wall s, peak RSS in MB, stderr)."""
    started = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-f", "@@time %e %M"] + args,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, text=True)
    wall = time.monotonic() - started
    lines = run.stderr.splitlines()
    stats = [line for line in lines if line.startswith("@@time ")]
    peak_kb = int(stats[-1].split()[2]) if stats else 0
    rest = "\n".join(line for line in lines if not line.startswith("@@time ")
                     and not line.startswith("Command exited"))
    return run.returncode, wall, peak_kb * 1024 / 1e6, rest


def main():
    if not os.access(PLAYBOOK, os.X_OK):
        sys.exit(f"{PLAYBOOK} is missing: cargo build --release (or set PLAYBOOK)")
    os.makedirs(BENCH_DIR, exist_ok=True)
    print(f"binary: {PLAYBOOK}; huge input: {SIZE / 1e6:g} MB; limit: {LIMIT or 'the default'}\n")
    print("| shape | input | command | exit | wall | peak RSS | peak / input | note |")
    print("|---|---|---|---|---|---|---|---|")
    for shape in SHAPES:
        project, size = make_project(shape)
        out = os.path.join(BENCH_DIR, shape + "-out")
        shutil.rmtree(out, ignore_errors=True)
        for command in (["check", "--root", project], ["build", "--root", project, "--out", out]):
            code, wall, peak, stderr = measure([PLAYBOOK] + command)
            refused = [code for code in ("document-too-large", "file-too-large", "yaml-too-large")
                       if f"error[{code}]" in stderr]
            note = f"refused: {refused[0]}" if refused else ""
            if code != 0 and not note:
                note = (stderr.strip().splitlines() or ["?"])[0][:80]
            ratio = f"{peak / (size / 1e6):.1f}×" if size else "—"
            print(f"| {shape} | {size / 1e6:.1f} MB | {command[0]} | {code} | {wall:.2f} s "
                  f"| {peak:.0f} MB | {ratio} | {note} |", flush=True)


if __name__ == "__main__":
    main()
