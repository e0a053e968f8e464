#!/usr/bin/env bash
# Benchmarks playbook against Hugo on the same generated corpus.
#
#   benches/bench.sh                      # RUNS=5, 1 000 and 10 000 documents
#   RUNS=10 SIZES="1000" benches/bench.sh
#
# What it does, for each size N (documents) of SIZES:
#   1. builds the release binary and the corpus generator
#      (`cargo build --release --bin playbook --example generate_corpus`);
#   2. generates the corpus with benches/generate_corpus.rs (seed SEED) as a
#      playbook project and as a Hugo site, in $BENCH_DIR/corpus-N-seed-S/;
#      an existing corpus is reused when its stamp file names the same N, seed
#      and generator source (sha256 of generate_corpus.rs);
#   3. runs RUNS times, interleaved (build, Hugo, check, build, Hugo, ...):
#        playbook build --root C --out O     (both editions, search, every view)
#        hugo --source H --destination O2 --quiet
#        playbook check --root C
#      after WARMUP untimed runs of each (page cache, lazy allocations).
#      Before every run the output folder is deleted and `sync` is called
#      (neither timed), so both generators create every file from scratch and
#      no run pays for the previous run's writeback. Each run is measured with
#      `/usr/bin/time -f '%e %U %S %M'`: wall, user + sys CPU, peak RSS; the
#      output size with `du -sb` (and the file count) after the last run;
#   4. measures watch's incremental rebuild: starts
#      `playbook watch --root <fresh copy of C> --port 0` (under /usr/bin/time
#      for its peak RSS), waits for `serving on http://...`, then WATCH_EDITS
#      times appends a line to one FAQ's body and waits for the
#      `rebuilt in N ms` line, then stops it;
#   5. prints a Markdown report (medians, min-max, peak RSS, output size,
#      ratios playbook build / Hugo build and check / Hugo build, watch
#      rebuild median) and writes it to RESULTS (overwritten), with the date,
#      the machine, the load average before and after, and the versions.
#
# Settings (environment variables):
#   RUNS=5              timed runs per command and size (at least 1)
#   WARMUP=1            untimed runs per command and size before them
#   SIZES="1000 10000"  corpus sizes (documents, at least 20)
#   SEED=42             corpus seed
#   MEASURED=yes        the corpus with a year of measured results (no: without
#                       data/ and KPI actuals, the corpus before issue 18)
#   WATCH_EDITS=5       edits per size for the watch rebuild (0: skip watch)
#   WATCH_TIMEOUT=600   seconds to wait for watch to start or to rebuild
#   BENCH_DIR=${TMPDIR:-/tmp}/playbook-bench
#                       corpora (kept for reuse), outputs, logs; put it on
#                       the file system you want to measure (tmpfs vs ext4
#                       changes the build times a lot, see README)
#   RESULTS=benches/results.md
#
# Needs: cargo, hugo (apt-get install -y hugo), GNU time at /usr/bin/time
# (apt-get install -y time), python3, coreutils. Takes about 5-10 minutes with
# the defaults on a 2-core machine. Exits non-zero if any command fails; the
# logs of the failing command are printed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SIZES=${SIZES:-"1000 10000"}
SEED=${SEED:-42}
MEASURED=${MEASURED:-yes}
WATCH_EDITS=${WATCH_EDITS:-5}
WATCH_TIMEOUT=${WATCH_TIMEOUT:-600}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/playbook-bench}
RESULTS=${RESULTS:-benches/results.md}

die() { echo "bench.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }

for var in RUNS WARMUP SEED WATCH_EDITS WATCH_TIMEOUT; do
  [[ ${!var} =~ ^[0-9]+$ ]] || die "$var must be a non-negative integer, not '${!var}'"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
for n in $SIZES; do
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 20)) || die "SIZES: '$n' is not a number >= 20"
done
[[ -x /usr/bin/time ]] || die "GNU time is missing: apt-get install -y time"
command -v hugo >/dev/null || die "hugo is missing: apt-get install -y hugo"
command -v python3 >/dev/null || die "python3 is missing"

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

# Background watch (GNU time's pid; playbook is its child), killed on exit.
watch_time_pid=""
stop_watch() {
  if [[ -n $watch_time_pid ]]; then
    local child
    child=$(pgrep -P "$watch_time_pid" 2>/dev/null || true)
    [[ -n $child ]] && kill $child 2>/dev/null || true
    # Without a child (not started yet, or gone), stop GNU time itself.
    [[ -z $child ]] && kill "$watch_time_pid" 2>/dev/null || true
    wait "$watch_time_pid" 2>/dev/null || true
    watch_time_pid=""
  fi
}
trap stop_watch EXIT
trap 'stop_watch; exit 130' INT
trap 'stop_watch; exit 143' TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. binaries -------------------------------------------------------------
log "cargo build --release --bin playbook --example generate_corpus"
cargo build --release --bin playbook --example generate_corpus
target_dir=${CARGO_TARGET_DIR:-$repo/target}
[[ $target_dir = /* ]] || target_dir=$repo/$target_dir
playbook=$target_dir/release/playbook
generator=$target_dir/release/examples/generate_corpus
[[ -x $playbook && -x $generator ]] || die "binaries not found under $target_dir/release"
# The tree the binary was built from (the report is written minutes later).
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
describe=$(git describe --always --dirty --tags 2>/dev/null || echo unknown)

# --- helpers -----------------------------------------------------------------

# measure NAME LOG -- COMMAND...: runs COMMAND under GNU time, appends
# "wall user sys maxrss_kib" to $BENCH_DIR/samples/NAME; COMMAND's output goes
# to LOG (printed if it fails).
measure() {
  local name=$1 logfile=$2
  shift 3
  local tfile=$BENCH_DIR/time.out
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tfile" "$@" >"$logfile" 2>&1; then
    cat "$logfile" >&2
    die "failed: $*"
  fi
  tail -n 1 "$tfile" >>"$BENCH_DIR/samples/$name"
}

corpus_key() { # N -> folder
  echo "$BENCH_DIR/corpus-$1-seed-$SEED-results-$MEASURED"
}

ensure_corpus() { # N
  local n=$1 dir stamp want
  dir=$(corpus_key "$n")
  stamp="$dir/.bench-stamp"
  want="docs=$n seed=$SEED results=$MEASURED generator=$(sha256sum benches/generate_corpus.rs | cut -d' ' -f1)"
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
    log "reusing corpus $dir"
    return
  fi
  log "generating $n documents (seed $SEED) into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  "$generator" --docs "$n" --seed "$SEED" --results "$MEASURED" --out "$dir/playbook" --hugo "$dir/hugo" >&2
  echo "$want" >"$stamp"
}

# --- 2-3. corpora and timed runs ---------------------------------------------
rm -rf "$BENCH_DIR/samples"
mkdir -p "$BENCH_DIR/samples" "$BENCH_DIR/logs"
for n in $SIZES; do ensure_corpus "$n"; done

for n in $SIZES; do
  corpus=$(corpus_key "$n")
  out_pb=$BENCH_DIR/out-playbook-$n
  out_hugo=$BENCH_DIR/out-hugo-$n
  rm -f "$corpus/hugo/.hugo_build.lock"
  for ((i = 1 - WARMUP; i <= RUNS; i++)); do
    if ((i <= 0)); then
      tag=warmup
      log "$n documents: warm-up run"
    else
      tag=""
      log "$n documents: run $i/$RUNS"
    fi

    rm -rf "$out_pb" && sync
    measure "build-$n$tag" "$BENCH_DIR/logs/build-$n.log" -- \
      "$playbook" build --root "$corpus/playbook" --out "$out_pb"

    rm -rf "$out_hugo" && sync
    measure "hugo-$n$tag" "$BENCH_DIR/logs/hugo-$n.log" -- \
      hugo --source "$corpus/hugo" --destination "$out_hugo" --quiet

    sync
    measure "check-$n$tag" "$BENCH_DIR/logs/check-$n.log" -- \
      "$playbook" check --root "$corpus/playbook"
  done
  du -sb "$out_pb" | cut -f1 >"$BENCH_DIR/samples/size-build-$n"
  find "$out_pb" -type f | wc -l >"$BENCH_DIR/samples/files-build-$n"
  du -sb "$out_hugo" | cut -f1 >"$BENCH_DIR/samples/size-hugo-$n"
  find "$out_hugo" -type f | wc -l >"$BENCH_DIR/samples/files-hugo-$n"
done

# --- 4. watch rebuilds -------------------------------------------------------

# wait_for PATTERN FILE COUNT: waits until FILE has at least COUNT lines
# matching PATTERN (fails if watch exits or after WATCH_TIMEOUT seconds).
wait_for() {
  local pattern=$1 file=$2 count=$3 deadline=$((SECONDS + WATCH_TIMEOUT))
  while (($(grep -c -- "$pattern" "$file" || true) < count)); do
    if grep -q 'rebuild failed' "$file"; then
      cat "$file" >&2
      die "watch: rebuild failed"
    fi
    if ! kill -0 "$watch_time_pid" 2>/dev/null; then
      cat "$file" >&2
      die "watch exited before printing '$pattern'"
    fi
    if ((SECONDS > deadline)); then
      cat "$file" >&2
      die "watch: no '$pattern' after $WATCH_TIMEOUT s"
    fi
    sleep 0.1
  done
}

if ((WATCH_EDITS > 0)); then
  for n in $SIZES; do
    corpus=$(corpus_key "$n")
    copy=$BENCH_DIR/watch-$n
    rm -rf "$copy"
    cp -a "$corpus/playbook" "$copy"
    faq=$(find "$copy/content/faq" -name '*.md' | LC_ALL=C sort | sed -n 1p)
    [[ -n $faq ]] || die "no FAQ in $copy/content/faq"
    wlog=$BENCH_DIR/logs/watch-$n.log
    : >"$wlog"
    sync
    log "$n documents: starting playbook watch"
    /usr/bin/time -f '%e %U %S %M' -o "$BENCH_DIR/watch-time-$n.out" \
      "$playbook" watch --root "$copy" --port 0 2>"$wlog" >/dev/null &
    watch_time_pid=$!
    wait_for '^serving on http://' "$wlog" 1
    grep -o '^built in [0-9]*' "$wlog" | grep -o '[0-9]*$' >"$BENCH_DIR/samples/watch-first-$n" || true
    sleep 1
    for ((e = 1; e <= WATCH_EDITS; e++)); do
      printf '\nBenchmark edit %d at %s.\n' "$e" "$(date +%s.%N)" >>"$faq"
      wait_for '^rebuilt in ' "$wlog" "$e"
      log "$n documents: $(grep '^rebuilt in ' "$wlog" | sed -n "${e}p")"
      sleep 1
    done
    grep '^rebuilt in ' "$wlog" | sed -n "1,${WATCH_EDITS}p" |
      awk '{print $3}' >"$BENCH_DIR/samples/watch-$n"
    stop_watch
    # GNU time reports a killed command with an extra first line; keep the last.
    tail -n 1 "$BENCH_DIR/watch-time-$n.out" | awk '{print $4}' >"$BENCH_DIR/samples/watch-rss-$n"
    rm -rf "$copy"
  done
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 5. report ---------------------------------------------------------------
model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memtotal=$(awk '/^MemTotal/ {printf "%.1f GB", $2 * 1024 / 1e9}' /proc/meminfo)
fstype=$(findmnt -n -o FSTYPE -T "$BENCH_DIR" 2>/dev/null || stat -f -c %T "$BENCH_DIR")

report=$(
  SAMPLES=$BENCH_DIR/samples SIZES=$SIZES RUNS=$RUNS WARMUP=$WARMUP \
    WATCH_EDITS=$WATCH_EDITS SEED=$SEED MEASURED=$MEASURED \
    DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" NPROC="$(nproc)" MODEL="$model" \
    MEMTOTAL="$memtotal" KERNEL="$(uname -sr)" FSTYPE="$fstype" BENCH_DIR="$BENCH_DIR" \
    LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" \
    PLAYBOOK_VERSION="$("$playbook" --version)" DESCRIBE="$describe" COMMIT="$commit" \
    HUGO_VERSION="$(hugo version)" RUSTC_VERSION="$(rustc --version)" \
    python3 - <<'EOF'
import os, statistics

env = os.environ
samples = env["SAMPLES"]
sizes = [int(n) for n in env["SIZES"].split()]


def rows(name):
    path = os.path.join(samples, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [[float(x) for x in line.split()] for line in f if line.strip()]


def scalar(name):
    values = rows(name)
    return values[0][0] if values else None


def num(n):
    return f"{n:,}".replace(",", "\u202f")  # 10 000, as in the README


def secs(s):
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def mb(kib):
    return f"{num(round(kib * 1024 / 1e6))} MB"


def size(b):
    return f"{num(round(b / 1e6))} MB" if b < 1e9 else f"{b / 1e9:.2f} GB"


out = []
p = out.append
p("# Benchmark results")
p("")
p(f"Written by `benches/bench.sh` on {env['DATE']}; "
  f"{env['RUNS']} timed runs per command after {env['WARMUP']} warm-up run(s), "
  f"corpus `generate_corpus --seed {env['SEED']} --results {env['MEASURED']}`.")
p("")
p(f"- machine: {env['NPROC']} cores ({env['MODEL']}), {env['MEMTOTAL']} RAM, {env['KERNEL']}")
p(f"- output on `{env['BENCH_DIR']}` ({env['FSTYPE']})")
p(f"- load average (1, 5, 15 min): {env['LOAD_BEFORE']} before the run, {env['LOAD_AFTER']} after it "
  "(the latter includes the benchmark itself)"
  + (f"; a load of {env['LOAD_BEFORE'].split()[0]} before the run on {env['NPROC']} cores "
     "means the machine was not idle (other processes running, or just finished): times are noisy"
     if float(env['LOAD_BEFORE'].split()[0]) > float(env['NPROC']) * 0.5
     else ""))
p(f"- playbook: {env['PLAYBOOK_VERSION']}, `git describe` {env['DESCRIBE']}, commit {env['COMMIT']}")
p(f"- {env['RUSTC_VERSION']}")
p(f"- {env['HUGO_VERSION']}")
p("")
p("Wall and CPU (user + sys) are medians, the range is min–max of wall; peak "
  "memory is the largest maximum RSS over the runs; output is `du -sb` of the "
  "output folder (playbook: both editions). MB = 10⁶ bytes.")
p("")
p("| documents | command | wall (median) | wall (min–max) | CPU (median) | peak memory | output |")
p("|---|---|---|---|---|---|---|")
summary = []
for n in sizes:
    medians = {}
    for key, label in (("build", "`playbook build`"), ("hugo", "`hugo` (Hugo build)"),
                       ("check", "`playbook check`")):
        r = rows(f"{key}-{n}")
        if not r:
            continue
        walls = [x[0] for x in r]
        cpus = [x[1] + x[2] for x in r]
        rss = max(x[3] for x in r)
        medians[key] = statistics.median(walls)
        if key == "check":
            output = "—"
        else:
            b = scalar(f"size-{key}-{n}")
            files = scalar(f"files-{key}-{n}")
            output = f"{size(b)}, {num(int(files))} files"
        p(f"| {num(n)} | {label} | {secs(medians[key])} | {secs(min(walls))[:-2]}–{secs(max(walls))} "
          f"| {secs(statistics.median(cpus))} | {mb(rss)} | {output} |")
    summary.append((n, medians))

p("")
p("| documents | build / Hugo build (wall) | check / Hugo build (wall) "
  "| watch `rebuilt in` (median, min–max) | watch first build | watch peak memory |")
p("|---|---|---|---|---|---|")
for n, medians in summary:
    ratio = lambda a: f"{medians[a] / medians['hugo']:.2f}×" if a in medians and medians.get("hugo") else "—"
    w = [x[0] for x in rows(f"watch-{n}")]
    ms = lambda x: num(round(x))
    watch = (f"{ms(statistics.median(w))} ms ({ms(min(w))}–{ms(max(w))} ms, {len(w)} edit{'s' if len(w) != 1 else ''})"
             if w else "—")
    first = scalar(f"watch-first-{n}")
    first = secs(first / 1000) if first is not None else "—"
    wrss = scalar(f"watch-rss-{n}")
    wrss = mb(wrss) if wrss is not None else "—"
    p(f"| {num(n)} | {ratio('build')} | {ratio('check')} | {watch} | {first} | {wrss} |")

p("")
p("Raw samples (`wall user sys maxrss_KiB` per run):")
p("")
p("```")
for n in sizes:
    for key in ("build", "hugo", "check"):
        for r in rows(f"{key}-{n}"):
            p(f"{key:5} {n:6} {r[0]:7.2f} {r[1]:7.2f} {r[2]:6.2f} {int(r[3]):8}")
    w = [int(x[0]) for x in rows(f"watch-{n}")]
    if w:
        p(f"watch {n:6} rebuilt in (ms): {' '.join(map(str, w))}")
p("```")
print("\n".join(out))
EOF
)

printf '%s\n' "$report" >"$RESULTS"
printf '%s\n' "$report"
log "wrote $RESULTS"
