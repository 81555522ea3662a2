#!/usr/bin/env bash
# jgrad's matmul rows and PyTorch's (OpenBLAS) alternately, ROUNDS times (default 4), so that each
# ratio compares two measurements taken a minute apart: on a shared 2-vCPU host the two-thread
# figures of both libraries jump between two levels from one process to the next (2026-12-02, AMD
# EPYC: 60 or 88 GFLOP/s at n=256 double, for jgrad and OpenBLAS alike), which a single ./bench run,
# whose PyTorch scripts run minutes after the jgrad rows, cannot tell from a difference in speed.
#   benchmarks/paired-matmul.sh [ROUNDS]     (after ./bench has built the benchmarks once)
# Prints per round: jgrad's six matmul medians (a JVM each), PyTorch's, and their ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-4}"
REF=../shared/bench
[[ -d "$REF" ]] || REF=../../shared/bench
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA=java
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
# The rows of Bench's list: matmul n=64, 256, 1024 in double (3, 4, 5), then in float (6, 7, 8).
ROWS=(3 4 5 6 7 8)
NAMES=("f64 n=64" "f64 n=256" "f64 n=1024" "f32 n=64" "f32 n=256" "f32 n=1024")
for ((r = 1; r <= ROUNDS; r++)); do
  jgrad=()
  for row in "${ROWS[@]}"; do
    jgrad+=("$(flock /tmp/bench.lock "$JAVA" --add-modules jdk.incubator.vector -Xms3g -Xmn2g \
      -XX:+AlwaysPreTouch -cp "$CP" dev.jgrad.bench.Bench --child "$row" --reference-dir "$REF" \
      2>/dev/null | grep '^@@jgrad-bench-result' | cut -f2)")
  done
  out="$(cd "$REF" && flock /tmp/bench.lock env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    /usr/bin/python3 bench_matmul.py --lib torch --sizes 64,256,1024 2>&1)"
  torch=()
  for dt in float64 float32; do
    for n in 64 256 1024; do
      torch+=("$(grep -E "^$dt n= *$n:" <<<"$out" | awk '{print $5}')")
    done
  done
  for i in "${!ROWS[@]}"; do
    awk -v r="$r" -v name="${NAMES[$i]}" -v j="${jgrad[$i]}" -v t="${torch[$i]}" \
      'BEGIN { printf "round %d  matmul %-11s jgrad %6.1f  torch %6.1f GFLOP/s  ratio %.2f\n", r, name, j, t, j / t }'
  done
done
