#!/usr/bin/env bash
# What ReadyToRun changes for a new silo: publishes the app twice with the Dockerfile's own publish command (as
# written, and with -p:PublishReadyToRun=false), then runs each in the local profile and reports, per run,
#   - the time from exec to the first 200 from /readyz, and the process's CPU seconds by then;
#   - the idle silo's CPU (pollers, timers) per second, over IDLE seconds after ready;
#   - the CPU seconds (utime + stime from /proc/<pid>/stat) to deliver each of BATCHES batches of OBJECTS staged
#     objects, less the idle CPU of the batch's wall time, and that per GB of Vector input (decompressed NDJSON
#     bytes): batch 1 is "the first objects after start", the last batch the steady state.
# A measurement for docs/PERFORMANCE.md, not a test: it asserts nothing. Run it on an otherwise idle machine.
#
# Usage: tests/LogGrains.Deploy.Tests/Container/measure-startup.sh [RUNS=3] [OBJECTS=20] [EVENTS=4000] [BATCHES=3] [IDLE=10]
set -euo pipefail

runs=${1:-3}
objects=${2:-20}
events=${3:-4000}
batches=${4:-3}
idle=${5:-10}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/loggrains-r2r.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ticks=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_seconds() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

# The build context as the Dockerfile's COPY instructions take it (sources only, no bin/obj).
mkdir -p "$work/context"
(cd "$repo" && tar --exclude=bin --exclude=obj -cf - global.json Directory.Build.props Directory.Packages.props .editorconfig src) | tar -xf - -C "$work/context"
publish=$(grep -E '^RUN dotnet publish ' "$repo/Dockerfile" | sed -e 's/^RUN //')
for variant in r2r jit; do
  command=${publish/ -o \/app/ -o $work/$variant}
  [ "$variant" = jit ] && command=${command/-p:PublishReadyToRun=true/-p:PublishReadyToRun=false}
  echo "publish ($variant): $command" >&2
  (cd "$work/context" && MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false $command >"$work/publish-$variant.log" 2>&1) || { cat "$work/publish-$variant.log" >&2; exit 1; }
done

# OBJECTS x BATCHES gzip NDJSON objects of EVENTS full Vector records (~1.4 KB each) for the sample tenant acme-corp.
python3 - "$work/objects" "$objects" "$events" "$batches" <<'PY'
import gzip, json, os, sys, time
out, objects, events, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out)
start = time.time() - 600
total = 0
for b in range(batches):
    for o in range(objects):
        pod = f"checkout-{b}-{o}"
        lines = []
        for i in range(events):
            ts = start + i / 1000
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int((ts % 1) * 1e9):09d}Z"
            record = {
                "file": f"/var/log/pods/shop_{pod}_0f1e2d3c/app/0.log",
                "kubernetes": {"container_id": "containerd://" + "ab" * 32, "container_image": "registry.example.com/shop/checkout:1.42.0",
                               "container_name": "app", "namespace_labels": {"kubernetes.io/metadata.name": "shop", "loggrains.io/collect": "true"},
                               "node_labels": {"kubernetes.io/hostname": "ip-10-0-1-23", "topology.kubernetes.io/zone": "eu-west-1a"},
                               "pod_annotations": {"loggrains.io/customer-id": "acme-corp"},
                               "pod_labels": {"app.kubernetes.io/name": "checkout", "loggrains.io/customer-id": "acme-corp", "pod-template-hash": "7d9f8b6c5"},
                               "pod_name": pod, "pod_namespace": "shop", "pod_node_name": "ip-10-0-1-23", "pod_owner": "ReplicaSet/checkout-7d9f8b6c5",
                               "pod_uid": "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"},
                "message": f"{stamp} INFO checkout request id={b}-{o}-{i} path=/api/cart/items status=200 duration_ms={i % 97} user=u{i % 1000:04d} region=eu-west-1",
                "source_type": "kubernetes_logs", "stream": "stdout", "timestamp": stamp,
                "customer_id": "acme-corp", "cluster_id": "local-cluster", "application": "checkout", "pod_name": pod,
            }
            lines.append(json.dumps(record, separators=(",", ":")))
        data = ("\n".join(lines) + "\n").encode()
        total += len(data)
        with open(os.path.join(out, f"{b}-{o}.json.gz"), "wb") as f:
            f.write(gzip.compress(data, 6))
print(total // (objects * batches), file=open(os.path.join(out, "bytes-per-object"), "w"))
PY
bytes_per_object=$(cat "$work/objects/bytes-per-object")

start_silo() { # variant root -> sets pid and port
  port=$(free_port)
  (cd "$work" && exec env -i PATH="$PATH" HOME="$2" DOTNET_ROOT="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}" \
    LogGrains__Profile=local LogGrains__Local__Root="$2" LogGrains__Local__SampleInterval=0 LogGrains__Web__Port="$port" \
    LogGrains__Cluster__SiloPort="$(free_port)" LogGrains__Cluster__GatewayPort="$(free_port)" LogGrains__Poller__WaitTime=00:00:01 \
    "$work/$1/loggrains" >"$2.log" 2>&1) &
  pid=$!
}

# A first start writes tenants.json and sample files; the measured runs start from that tenants.json and no samples.
start_silo r2r "$work/seed"
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.2; done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

printf 'variant run ready_s cpu_at_ready_s idle_cpu_per_s'
for b in $(seq 1 "$batches"); do printf ' batch%d_wall_s batch%d_net_cpu_s batch%d_net_cpu_s_per_gb' "$b" "$b" "$b"; done
printf '\n'
for run in $(seq 1 "$runs"); do
  for variant in r2r jit; do
    root="$work/root-$variant-$run"
    mkdir -p "$root/staging" "$root/tmp"
    cp "$work/seed/tenants.json" "$root/"
    t0=$(date +%s.%N)
    start_silo "$variant" "$root"
    until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
    t1=$(date +%s.%N)
    ready_cpu=$(cpu_seconds "$pid")
    sleep "$idle"
    idle_rate=$(echo "($(cpu_seconds "$pid") - $ready_cpu) / $idle" | bc -l)
    line="$variant $run $(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') $ready_cpu $(printf '%.3f' "$idle_rate")"
    for b in $(seq 0 $((batches - 1))); do
      before=$(cpu_seconds "$pid")
      b0=$(date +%s.%N)
      for o in $(seq 0 $((objects - 1))); do
        key="acme-corp/local-cluster/checkout/checkout-$b-$o/$b-$o.json.gz"
        mkdir -p "$root/staging/$(dirname "$key")"
        cp "$work/objects/$b-$o.json.gz" "$root/tmp/$b-$o.tmp"
        mv "$root/tmp/$b-$o.tmp" "$root/staging/$key"
      done
      while [ -n "$(find "$root/staging" -type f -print -quit)" ]; do sleep 0.05; done
      after=$(cpu_seconds "$pid")
      wall=$(echo "$(date +%s.%N) - $b0" | bc -l)
      cpu=$(echo "$after - $before - $idle_rate * $wall" | bc -l)
      line="$line $(printf '%.2f' "$wall") $(printf '%.2f' "$cpu") $(echo "$cpu / ($objects * $bytes_per_object / 1000000000)" | bc -l | xargs printf '%.1f')"
    done
    [ -z "$(find "$root/dead-letter" -type f 2>/dev/null)" ] || { echo "objects were dead-lettered: see $root" >&2; exit 1; }
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    echo "$line"
  done
done
echo "objects per batch: $objects of $events events, $bytes_per_object bytes of NDJSON each; CLK_TCK $ticks; $(nproc) CPUs" >&2
