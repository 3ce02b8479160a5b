#!/usr/bin/env bash
# Load benchmark: the same signed PutEvents load against moto's server and against Switchyard, side by side on this
# machine (see docs/performance-load.md). Everything runs on loopback, every run is bounded in time, and every
# process started here is stopped on exit.
#
#   bench/run-load.sh                      # build Release, run all scenarios, print the table
#   DURATION=10s SKIP_BUILD=1 bench/run-load.sh
#   SCENARIOS="switchyard" bench/run-load.sh   # only Switchyard (moto takes long at 100 rules)
#
# Settings (environment): DURATION (measured time per run, default 20s), WARMUP (10s), RULES (100), ENTRIES (10),
# CONCURRENCY (closed loop with deliveries, 32), JOURNAL_CONCURRENCY (closed loop without targets, 16),
# JOURNAL_RUNS (repetitions of the journal-only run, 3),
# MOTO_CONCURRENCY (8), OPEN_RATE (open loop requests/s, 100),
# SCENARIOS (moto and/or switchyard, default both; "postgres" for the cluster run below), SERVER_ARGS (more server flags, e.g.
# "--storage postgres --postgres Host=...;Port=...;Username=...;Database=...": no spaces inside a flag's value).
#
#   SCENARIOS=postgres bench/run-load.sh   # durable PutEvents on 1 node SQLite, 1/2/3 nodes on one PostgreSQL
#                                          # (load spread over the nodes), then delivery latency at OPEN_RATE*ENTRIES
#                                          # events/s on three nodes; CPU per process, PostgreSQL's summed.
# PostgreSQL runs WITH fsync (scripts/postgres start): a commit is on disk before PutEvents answers, as on SQLite.
# CLUSTER_CONCURRENCY (requests in flight in total, spread over the nodes, default 32).
# "archive" adds the archive-capture comparison, ARCHIVE_RUNS pairs (3):
#   SCENARIOS=archive bench/run-load.sh       # durable PutEvents with no archive vs one archive on the bus
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${DURATION:-20s}
# Ten seconds of warm-up: .NET compiles hot methods again, optimized, during the first seconds under load (tiered
# compilation); a shorter warm-up measures part of that instead of the steady state.
WARMUP=${WARMUP:-10s}
RULES=${RULES:-100}
ENTRIES=${ENTRIES:-10}
CONCURRENCY=${CONCURRENCY:-32}
JOURNAL_CONCURRENCY=${JOURNAL_CONCURRENCY:-16}
JOURNAL_RUNS=${JOURNAL_RUNS:-3}
MOTO_CONCURRENCY=${MOTO_CONCURRENCY:-8}
OPEN_RATE=${OPEN_RATE:-100}
SCENARIOS=${SCENARIOS:-"moto switchyard"}
ARCHIVE_RUNS=${ARCHIVE_RUNS:-3}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
wait_http() { # URL PID: up to 60 s for any HTTP answer
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited early" >&2; return 1; }
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2; return 1
}

WORK=$(mktemp -d /tmp/switchyard-load.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z "${SKIP_BUILD:-}" ]]; then
  dotnet build -c Release -v q -nologo src/Switchyard/Switchyard.csproj >/dev/null
  dotnet build -c Release -v q -nologo bench/Switchyard.LoadGen/Switchyard.LoadGen.csproj >/dev/null
fi
SERVER_DLL=$ROOT/src/Switchyard/bin/Release/net10.0/switchyard.dll
LOADGEN_DLL=$ROOT/bench/Switchyard.LoadGen/bin/Release/net10.0/switchyard-loadgen.dll

loadgen() { dotnet "$LOADGEN_DLL" --duration "$DURATION" --warmup "$WARMUP" --entries "$ENTRIES" "$@"; }

# Samples the server's RSS every 0.5 s while the load runs; the peak goes to the named file.
sample_rss() { # PID OUTFILE
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(rss_kib "$1"); (( now > peak )) && peak=$now && echo "$peak" > "$2"
    sleep 0.5
  done
}

ROWS=()
row() { ROWS+=("$(printf '%-11s | %-34s | %9s | %10s | %8s | %8s | %8s | %7s | %s' "$@")"); }

load_figures() { # JSON -> "req/s events/s p50 p99 max errors"
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); l = d["Load"]; lat = l["Latency"]
errors = sum(l["Errors"].values()) + l["Dropped"]
print(f'{d["RequestsPerSecond"]:.1f} {d["EventsPerSecond"]:.0f} {lat["P50"]:.2f} {lat["P99"]:.2f} {lat["Max"]:.2f} {errors}')
PY
}
delivery_figures() { # JSON -> "received/expected p50 p99 max"
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["Delivery"]; lat = d["Latency"]
print(f'{d["Received"]}/{d["Expected"]} {lat["P50"]:.2f} {lat["P99"]:.2f} {lat["Max"]:.2f}')
PY
}

# The server's config mapping the load generator's sink function to its receiver on port $RECEIVER: sink_config FILE
sink_config() {
  cat >"$1" <<JSON
{ "lambda": { "functions": { "arn:aws:lambda:us-east-1:123456789012:function:sink": "http://127.0.0.1:$RECEIVER/" } } }
JSON
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"

if [[ " $SCENARIOS " == *" moto "* ]]; then
  PORT=$(free_port)
  moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
  MOTO=$!; PIDS+=("$MOTO")
  wait_http "http://127.0.0.1:$PORT/" "$MOTO"
  loadgen --endpoint "http://127.0.0.1:$PORT" --rules "$RULES" --setup-only >/dev/null
  REST=$(rss_kib "$MOTO")
  sample_rss "$MOTO" "$WORK/moto.peak" & PIDS+=("$!")
  loadgen --endpoint "http://127.0.0.1:$PORT" --skip-setup --mode closed --concurrency "$MOTO_CONCURRENCY" \
    --label "moto closed" --json "$WORK/moto-closed.json"
  read -r rps eps p50 p99 max errors < <(load_figures "$WORK/moto-closed.json")
  row moto "closed, $MOTO_CONCURRENCY in flight" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" \
    "RSS rest $((REST / 1024)) MiB, load $(( $(cat "$WORK/moto.peak" 2>/dev/null || echo 0) / 1024 )) MiB"
  kill "$MOTO"; wait "$MOTO" 2>/dev/null || true
fi

# Starts a Switchyard server on a fresh data directory: start_switchyard NAME [extra flags]; sets PORT and SERVER.
start_switchyard() {
  local name=$1; shift
  PORT=$(free_port)
  local extra=()
  read -ra extra <<< "${SERVER_ARGS:-}"
  dotnet "$SERVER_DLL" --port "$PORT" --data-dir "$WORK/data-$name" --log-level Warning "${extra[@]}" "$@" >"$WORK/switchyard-$name.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_http "http://127.0.0.1:$PORT/health" "$SERVER"
}
stop_switchyard() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU cores the server used between two tick readings taken SECONDS apart: cores TICKS0 TICKS1 SECONDS
cores() { python3 -c "print(f'{($2 - $1) / $(getconf CLK_TCK) / $3:.2f}')" "$@"; }

if [[ " $SCENARIOS " == *" switchyard "* ]]; then
  # Journal only, the throughput figure: a fresh server with the rules and no target, so events are validated,
  # matched, made durable and answered, and nothing is delivered. Repeated JOURNAL_RUNS times (this machine's
  # figures vary from run to run by more than most changes do).
  start_switchyard journal
  loadgen --endpoint "http://127.0.0.1:$PORT" --rules "$RULES" --setup-only >/dev/null
  sleep 2
  REST=$(rss_kib "$SERVER")
  sample_rss "$SERVER" "$WORK/switchyard-journal.peak" & PIDS+=("$!")
  # Request latency below saturation without delivery work: open loop at OPEN_RATE requests/s.
  loadgen --endpoint "http://127.0.0.1:$PORT" --skip-setup --mode open --rate "$OPEN_RATE" \
    --label "switchyard open, journal only" --json "$WORK/sy-journal-open.json"
  read -r rps eps p50 p99 max errors < <(load_figures "$WORK/sy-journal-open.json")
  row switchyard "open, $OPEN_RATE req/s, no target" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" ""
  for run in $(seq 1 "$JOURNAL_RUNS"); do
    t0=$(cpu_ticks "$SERVER"); s0=$(date +%s.%N)
    loadgen --endpoint "http://127.0.0.1:$PORT" --skip-setup --mode closed --concurrency "$JOURNAL_CONCURRENCY" \
      --label "switchyard closed, journal only" --json "$WORK/sy-journal-$run.json"
    t1=$(cpu_ticks "$SERVER"); s1=$(date +%s.%N)
    read -r rps eps p50 p99 max errors < <(load_figures "$WORK/sy-journal-$run.json")
    PEAK=$(cat "$WORK/switchyard-journal.peak" 2>/dev/null || echo 0)
    row switchyard "closed, $JOURNAL_CONCURRENCY in flight, no target #$run" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" \
      "server $(cores "$t0" "$t1" "$(python3 -c "print($s1 - $s0)")") cores; RSS rest $((REST / 1024)) MiB, load $((PEAK / 1024)) MiB"
  done
  stop_switchyard

  # Deliveries: a fresh server whose bus also has the sink rule (one Lambda delivery per event to the load
  # generator's receiver). Latency below saturation first, on an idle server; then the saturating closed loop.
  RECEIVER=$(free_port)
  sink_config "$WORK/switchyard.json"
  start_switchyard delivery --config "$WORK/switchyard.json"
  loadgen --endpoint "http://127.0.0.1:$PORT" --rules "$RULES" --sink --receiver-port "$RECEIVER" --setup-only >/dev/null
  sleep 2
  REST=$(rss_kib "$SERVER")
  sample_rss "$SERVER" "$WORK/switchyard.peak" & PIDS+=("$!")

  # Latency below saturation: open loop at OPEN_RATE requests/s (x ENTRIES events/s), delivery timed at the receiver.
  loadgen --endpoint "http://127.0.0.1:$PORT" --skip-setup --mode open --rate "$OPEN_RATE" \
    --sink --receiver-port "$RECEIVER" --drain 10s --label "switchyard open" --json "$WORK/sy-open.json"
  read -r rps eps p50 p99 max errors < <(load_figures "$WORK/sy-open.json")
  read -r got dp50 dp99 dmax < <(delivery_figures "$WORK/sy-open.json")
  row switchyard "open, $OPEN_RATE req/s, 1 delivery/event" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" \
    "delivery p50 $dp50 p99 $dp99 max $dmax ms ($got delivered)"

  # Throughput with a delivery per event: closed loop, then wait for the deliveries to drain.
  t0=$(cpu_ticks "$SERVER"); s0=$(date +%s.%N)
  loadgen --endpoint "http://127.0.0.1:$PORT" --skip-setup --mode closed --concurrency "$CONCURRENCY" \
    --sink --receiver-port "$RECEIVER" --drain 30s --label "switchyard closed" --json "$WORK/sy-closed.json"
  t1=$(cpu_ticks "$SERVER"); s1=$(date +%s.%N)
  read -r rps eps p50 p99 max errors < <(load_figures "$WORK/sy-closed.json")
  PEAK=$(cat "$WORK/switchyard.peak" 2>/dev/null || echo 0)
  row switchyard "closed, $CONCURRENCY in flight, 1 delivery/event" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" \
    "server $(cores "$t0" "$t1" "$(python3 -c "print($s1 - $s0)")") cores (drain included); RSS rest $((REST / 1024)) MiB, load $((PEAK / 1024)) MiB; deliveries $(delivery_figures "$WORK/sy-closed.json" | cut -d' ' -f1)"
  stop_switchyard
fi

if [[ " $SCENARIOS " == *" postgres "* ]]; then
  CLUSTER_CONCURRENCY=${CLUSTER_CONCURRENCY:-32}
  eval "$(bash scripts/postgres start)"
  PG_DIR=$SWITCHYARD_PG_DIR
  trap 'cleanup; bash scripts/postgres stop "$PG_DIR"' EXIT
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_PORT=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$SWITCHYARD_TEST_POSTGRES")
  POSTMASTER=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  # CPU ticks of the PostgreSQL server: the postmaster with its reaped children (a backend that exited), and every
  # live process it forked (backends, WAL writer, checkpointer, ...).
  pg_ticks() {
    local total pid
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$POSTMASTER/stat")
    for pid in $(awk -v p="$POSTMASTER" '$4 == p {print $1}' /proc/[0-9]*/stat 2>/dev/null); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
  }
  NODE_PIDS=(); NODE_URLS=()
  start_node() { # NAME FLAGS...: a node on a free port (appends to NODE_PIDS, NODE_URLS)
    local name=$1; shift
    local port; port=$(free_port)
    mkdir -p "$WORK/data-$name"
    dotnet "$SERVER_DLL" --port "$port" --data-dir "$WORK/data-$name" --node-id "$name" --log-level Warning "$@" >"$WORK/switchyard-$name.log" 2>&1 &
    NODE_PIDS+=("$!"); PIDS+=("$!"); NODE_URLS+=("http://127.0.0.1:$port")
    wait_http "http://127.0.0.1:$port/health" "$!"
  }
  stop_nodes() { for pid in "${NODE_PIDS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done; NODE_PIDS=(); NODE_URLS=(); }
  new_database() { # NAME -> connection string of a new database on the benchmark's server
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U switchyard "$1"
    echo "Host=127.0.0.1;Port=$PG_PORT;Username=switchyard;Database=$1"
  }
  # One durable-PutEvents run over the nodes started: closed loop, no target; CPU per node and of PostgreSQL.
  cluster_run() { # LABEL
    local endpoints; endpoints=$(IFS=,; echo "${NODE_URLS[*]}")
    loadgen --endpoint "${NODE_URLS[0]}" --rules "$RULES" --setup-only >/dev/null
    sleep 2  # the rules reach the other nodes through the change feed
    local before=() pid s0 s1 pg0 pg1 i notes=""
    for pid in "${NODE_PIDS[@]}"; do before+=("$(cpu_ticks "$pid")"); done
    pg0=$(pg_ticks); s0=$(date +%s.%N)
    loadgen --endpoints "$endpoints" --skip-setup --mode closed --concurrency "$CLUSTER_CONCURRENCY" \
      --label "$1" --json "$WORK/cluster-$1.json"
    s1=$(date +%s.%N); pg1=$(pg_ticks)
    local seconds; seconds=$(python3 -c "print($s1 - $s0)")
    for i in "${!NODE_PIDS[@]}"; do notes+="node$((i + 1)) $(cores "${before[$i]}" "$(cpu_ticks "${NODE_PIDS[$i]}")" "$seconds") "; done
    [[ "$1" == *postgres* ]] && notes+="postgres $(cores "$pg0" "$pg1" "$seconds") "
    read -r rps eps p50 p99 max errors < <(load_figures "$WORK/cluster-$1.json")
    row cluster "$1, $CLUSTER_CONCURRENCY in flight" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" "cores: ${notes% }"
  }

  start_node sqlite1
  cluster_run "1 node sqlite"
  stop_nodes
  for n in 1 2 3; do
    conn=$(new_database "bench_nodes_$n")
    for i in $(seq 1 "$n"); do start_node "pg$i" --storage postgres --postgres "$conn"; done
    cluster_run "$n node(s) postgres"
    stop_nodes
  done

  # PutEvents -> delivery latency on three nodes at OPEN_RATE requests/s (x ENTRIES events), one delivery per event.
  RECEIVER=$(free_port)
  sink_config "$WORK/cluster.json"
  conn=$(new_database bench_delivery)
  for i in 1 2 3; do start_node "pgd$i" --storage postgres --postgres "$conn" --config "$WORK/cluster.json"; done
  loadgen --endpoint "${NODE_URLS[0]}" --rules "$RULES" --sink --receiver-port "$RECEIVER" --setup-only >/dev/null
  sleep 2
  before=(); for pid in "${NODE_PIDS[@]}"; do before+=("$(cpu_ticks "$pid")"); done
  pg0=$(pg_ticks); s0=$(date +%s.%N)
  loadgen --endpoints "$(IFS=,; echo "${NODE_URLS[*]}")" --skip-setup --mode open --rate "$OPEN_RATE" \
    --sink --receiver-port "$RECEIVER" --drain 15s --label "3 nodes postgres open" --json "$WORK/cluster-open.json"
  s1=$(date +%s.%N); pg1=$(pg_ticks); seconds=$(python3 -c "print($s1 - $s0)")
  notes=""; for i in "${!NODE_PIDS[@]}"; do notes+="node$((i + 1)) $(cores "${before[$i]}" "$(cpu_ticks "${NODE_PIDS[$i]}")" "$seconds") "; done
  read -r rps eps p50 p99 max errors < <(load_figures "$WORK/cluster-open.json")
  read -r got dp50 dp99 dmax < <(delivery_figures "$WORK/cluster-open.json")
  row cluster "3 nodes postgres, open $OPEN_RATE req/s" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" \
    "delivery p50 $dp50 p99 $dp99 max $dmax ms ($got delivered); cores: ${notes}postgres $(cores "$pg0" "$pg1" "$seconds")"
  stop_nodes
fi

if [[ " $SCENARIOS " == *" archive "* ]]; then
  # Archive capture (issue 10): the journal-only closed loop on two fresh servers with the same rules, one with no
  # archive and one with an archive on the bus without a pattern (it captures every event: the most capture work),
  # their runs alternated so both see the same machine. Both servers are up; the one not under load is idle.
  declare -A APORT ASERVER
  for variant in none archive; do
    start_switchyard "archive-$variant"
    loadgen --endpoint "http://127.0.0.1:$PORT" --rules "$RULES" --setup-only >/dev/null
    APORT[$variant]=$PORT; ASERVER[$variant]=$SERVER
  done
  archive_call() { # PORT OPERATION -> JSON answer
    python3 - "$1" "$2" <<'PY'
import json, sys, boto3
c = boto3.client("events", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                 aws_access_key_id="123456789012", aws_secret_access_key="bench")
if sys.argv[2] == "create":
    c.create_archive(ArchiveName="bench", EventSourceArn="arn:aws:events:us-east-1:123456789012:event-bus/loadgen")
print(json.dumps({k: v for k, v in c.describe_archive(ArchiveName="bench").items() if k in ("EventCount", "SizeBytes")}))
PY
  }
  archive_call "${APORT[archive]}" create >/dev/null
  sleep 2
  for run in $(seq 1 "$ARCHIVE_RUNS"); do
    for variant in none archive; do
      loadgen --endpoint "http://127.0.0.1:${APORT[$variant]}" --skip-setup --mode closed --concurrency "$JOURNAL_CONCURRENCY" \
        --label "switchyard closed, $variant" --json "$WORK/sy-archive-$variant-$run.json"
      read -r rps eps p50 p99 max errors < <(load_figures "$WORK/sy-archive-$variant-$run.json")
      label="no archive"; [[ $variant == archive ]] && label="1 archive (all events)"
      row switchyard "closed, $JOURNAL_CONCURRENCY, $label #$run" "$rps" "$eps" "$p50" "$p99" "$max" "$errors" ""
    done
  done
  ARCHIVED=$(archive_call "${APORT[archive]}" describe)
  ARCHIVE_SUMMARY=$(python3 - "$WORK" "$ARCHIVE_RUNS" <<'PY'
import json, sys
work, runs = sys.argv[1], int(sys.argv[2])
mean = lambda v: sum(json.load(open(f"{work}/sy-archive-{v}-{r}.json"))["EventsPerSecond"] for r in range(1, runs + 1)) / runs
none, archive = mean("none"), mean("archive")
print(f"archive capture: {none:.0f} events/s without, {archive:.0f} with one archive ({(archive - none) / none * 100:+.1f}%)")
PY
)
  for variant in none archive; do kill "${ASERVER[$variant]}"; wait "${ASERVER[$variant]}" 2>/dev/null || true; done
fi

echo
echo "$RULES rules on the bus, $ENTRIES entries/request, SigV4-signed, measured $DURATION after $WARMUP warm-up"
printf '%-11s | %-34s | %9s | %10s | %8s | %8s | %8s | %7s | %s\n' server load "req/s" "events/s" "p50 ms" "p99 ms" "max ms" errors notes
for r in "${ROWS[@]}"; do echo "$r"; done
if [[ -n "${ARCHIVE_SUMMARY:-}" ]]; then echo "$ARCHIVE_SUMMARY; the archive holds $ARCHIVED"; fi
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the runs"
