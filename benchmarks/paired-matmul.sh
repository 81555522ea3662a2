#!/usr/bin/env bash
# jgrad's matmul rows and PyTorch's (OpenBLAS) alternately, ROUNDS times (default 4), so that each
# ratio compares two measurements taken a minute apart: on a shared 2-vCPU host the two-thread
# figures of both libraries jump between two levels from one process to the next (2026-12-02, AMD
# EPYC: 60 or 88 GFLOP/s at n=256 double, for jgrad and OpenBLAS alike), which a single ./bench run,
# whose PyTorch scripts run minutes after the jgrad rows, cannot tell from a difference in speed.
#   benchmarks/paired-matmul.sh [ROUNDS]     (after ./bench has built the benchmarks once)
# Prints per round: jgrad's six matmul medians (a JVM each), PyTorch's, and their ratios.
# PyTorch's JSON and a log of every run go to benchmarks/target/paired-matmul/ (shown on a miss).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-4}"
if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]]; then
  echo "paired-matmul.sh: ROUNDS must be a positive whole number, got '$ROUNDS'" >&2
  exit 2
fi
REF=../shared/bench
[[ -d "$REF" ]] || REF=../../shared/bench
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA=java
# PyTorch's script writes its JSON here, not into the shared reference directory.
RESULTS="$PWD/benchmarks/target/paired-matmul"
mkdir -p "$RESULTS"
LOG="$RESULTS/paired-matmul.log"
: >"$LOG"
# Stops the script with the log's tail when a measurement printed no figure.
need() {
  if ! [[ "$2" =~ ^[0-9.]+$ ]]; then
    echo "paired-matmul.sh: no figure for $1 (got '$2'); last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
}
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
# The rows of Bench's list: matmul n=64, 256, 1024 in double (3, 4, 5), then in float (6, 7, 8).
ROWS=(3 4 5 6 7 8)
NAMES=("f64 n=64" "f64 n=256" "f64 n=1024" "f32 n=64" "f32 n=256" "f32 n=1024")
for ((r = 1; r <= ROUNDS; r++)); do
  jgrad=()
  for i in "${!ROWS[@]}"; do
    out="$(flock /tmp/bench.lock "$JAVA" --add-modules jdk.incubator.vector -Xms3g -Xmn2g \
      -XX:+AlwaysPreTouch -cp "$CP" dev.jgrad.bench.Bench --child "${ROWS[$i]}" \
      --reference-dir "$REF" 2>>"$LOG" || true)"
    echo "$out" >>"$LOG"
    figure="$(grep '^@@jgrad-bench-result' <<<"$out" | cut -f2 || true)"
    need "jgrad ${NAMES[$i]}" "$figure"
    jgrad+=("$figure")
  done
  out="$(cd "$REF" && flock /tmp/bench.lock env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    BENCH_RESULTS_DIR="$RESULTS" /usr/bin/python3 bench_matmul.py --lib torch \
    --sizes 64,256,1024 2>&1 || true)"
  echo "$out" >>"$LOG"
  torch=()
  for dt in float64 float32; do
    for n in 64 256 1024; do
      figure="$(grep -E "^$dt n= *$n:" <<<"$out" | awk '{print $5}' || true)"
      need "PyTorch $dt n=$n" "$figure"
      torch+=("$figure")
    done
  done
  for i in "${!ROWS[@]}"; do
    awk -v r="$r" -v name="${NAMES[$i]}" -v j="${jgrad[$i]}" -v t="${torch[$i]}" \
      'BEGIN { printf "round %d  matmul %-11s jgrad %6.1f  torch %6.1f GFLOP/s  ratio %.2f\n", r, name, j, t, j / t }'
  done
done
