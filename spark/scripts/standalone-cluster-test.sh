#!/usr/bin/env bash
# A real Spark standalone cluster on loopback, from the Spark jars Maven already has: starts a
# master and two workers (one core each), submits SparkDigits through SparkSubmit exactly as
# spark/README.md says, kills one worker by its PID in the middle of the run (its executor dies
# with it), starts a replacement worker, and checks that the job finishes with the same test
# accuracy and final loss as an uninterrupted run on local[2]. Bounded in time; stops everything
# it started. Run from the repository root: bash spark/scripts/standalone-cluster-test.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
limit="${JGRAD_CLUSTER_TEST_SECONDS:-420}"   # the whole test, at most
epochs=12
work="$(mktemp -d /tmp/jgrad-standalone.XXXXXX)"
pids=()

stop_all() {
  local pid child
  for pid in "${pids[@]}"; do
    # the executors a worker started are its children
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do
      kill "$child" 2>/dev/null || true
    done
    kill "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${pids[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ -z "${JGRAD_CLUSTER_TEST_KEEP:-}" ]]; then rm -rf "$work"; fi
}
trap stop_all EXIT

fail() {
  echo "standalone-cluster-test: FAILED: $*" >&2
  for log in "$work"/*.log; do
    echo "---- $log (last lines)" >&2
    tail -n 25 "$log" >&2 || true
  done
  echo "0 passed, 1 failed"
  exit 1
}

deadline=$((SECONDS + limit))
remaining() { echo $((deadline - SECONDS)); }

cd "$root"
if [[ ! -f spark/target/jgrad-spark-0.1.0-SNAPSHOT.jar || ! -f spark/target/classpath.txt ]] \
    || [[ -n "$(find spark/src/main -newer spark/target/jgrad-spark-0.1.0-SNAPSHOT.jar -print -quit)" ]]; then
  mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true -pl spark -am package
fi
classpath="spark/target/classes:$(cat spark/target/classpath.txt)"

# Workers start executors through Spark's launcher, which wants a Spark home with a jars/ folder:
# give it one made of links to the jars in the Maven repository.
mkdir -p "$work/home/jars"
touch "$work/home/RELEASE"
tr ':' '\n' < spark/target/classpath.txt | grep '\.jar$' | while read -r jar; do
  ln -sf "$jar" "$work/home/jars/$(basename "$jar")"
done
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
options="$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)"
# shellcheck disable=SC2206
java_cmd=(java $options -Xmx384m -cp "$classpath")
# shellcheck disable=SC2206
driver_cmd=(java $options -Xmx1g -cp "$classpath")

"${java_cmd[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0 \
  > "$work/master.log" 2>&1 &
pids+=($!)
master=""
while [[ -z "$master" ]]; do
  (( $(remaining) > 0 )) || fail "the master did not start"
  master="$(grep -o 'spark://127\.0\.0\.1:[0-9]*' "$work/master.log" | head -n 1 || true)"
  sleep 0.5
done
echo "standalone-cluster-test: master $master"

start_worker() {
  "${java_cmd[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores 1 --memory 1g --work-dir "$work/work-$1" "$master" > "$work/worker-$1.log" 2>&1 &
  pids+=($!)
  echo $! > "$work/worker-$1.pid"
}
start_worker 1
start_worker 2
for n in 1 2; do
  until grep -q 'Successfully registered with master' "$work/worker-$n.log"; do
    (( $(remaining) > 0 )) || fail "worker $n did not register"
    sleep 0.5
  done
done
echo "standalone-cluster-test: two workers registered"

jars="$(ls spark/target/lib/*.jar | paste -sd, -)"
app=spark/target/jgrad-spark-0.1.0-SNAPSHOT.jar
args=(--epochs "$epochs" --partitions 2 --epochs-per-stage 1 --out "$work/out")
submit=("${driver_cmd[@]}" org.apache.spark.deploy.SparkSubmit
  --conf spark.ui.enabled=false
  --conf spark.scheduler.barrier.maxConcurrentTasksCheck.interval=2s
  --conf spark.executor.memory=768m)

# The reference: the same command, uninterrupted, in-process on local[2].
timeout "$(remaining)" "${submit[@]}" --master 'local[2]' --class dev.jgrad.spark.SparkDigits \
  --jars "$jars" "$app" "${args[@]}" > "$work/reference.log" 2>&1 \
  || fail "the local[2] reference run failed"
expected="$(grep -E '^(test_accuracy|final_loss):' "$work/reference.log")"
echo "standalone-cluster-test: local[2] reference: $(echo "$expected" | paste -sd' ' -)"

timeout "$(remaining)" "${submit[@]}" --master "$master" --class dev.jgrad.spark.SparkDigits \
  --jars "$jars" "$app" "${args[@]}" > "$work/driver.log" 2>&1 &
driver=$!
pids+=($driver)
until grep -q "epoch 3/$epochs" "$work/driver.log"; do
  kill -0 "$driver" 2>/dev/null || fail "the cluster run ended before epoch 3"
  (( $(remaining) > 0 )) || fail "the cluster run did not reach epoch 3"
  sleep 0.2
done
victim="$(cat "$work/worker-1.pid")"
kill -9 "$victim"
echo "standalone-cluster-test: killed worker 1 (PID $victim) after epoch 3; starting worker 3"
start_worker 3
wait "$driver" || fail "the cluster run failed after the kill"
grep -q "epoch $epochs/$epochs" "$work/driver.log" || fail "the cluster run did not finish all epochs"
actual="$(grep -E '^(test_accuracy|final_loss):' "$work/driver.log")"
echo "standalone-cluster-test: cluster after the kill: $(echo "$actual" | paste -sd' ' -)"
[[ "$actual" == "$expected" ]] || fail "the cluster run got '$actual', expected '$expected'"
grep -qiE 'lost executor|executor.*(lost|exited)|worker.*(lost|removed)' "$work/driver.log" \
  || fail "the driver log shows no lost executor: the kill did not reach the run"
echo "standalone-cluster-test: same accuracy and loss after losing a worker mid-run"
echo "1 passed, 0 failed"
