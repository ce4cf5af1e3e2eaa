#!/usr/bin/env bash
# Benchmark (not a test). wrk sends POST /chat/<user> over N distinct users, then the floor: one
# actor call per request straight through daprd (GetConversationHistory of the same users). For
# each it prints req/s, latency (p50/p90/p99/max), non-2xx answers, CPU ms per answered request of
# the app JVM and of its daprd (/proc/PID/stat over the measured run), and the app's RSS; it checks
# that analytics counted exactly the chat messages answered 2xx, and ends with one Markdown table
# for docs/performance.md.
#
#   scripts/benchmark.sh [--users 1000] [--duration 20] [--connections 32] [--warmup 30]
#                        [--label TEXT] [--no-floor]
#                        [--redis] [--port N] [--port-offset N]      passed to scripts/run.sh, as are
#                        [--dapr-http-port N] [--dapr-grpc-port N] [--placement-port N]
#                        [--attach URL] [--dapr-port N]              or load a running service
#                        [--ready-path PATH] [--no-analytics] [--message-chars N]
#
# Without --attach it starts the service with scripts/run.sh --namespace bench --port-offset 11000
# (every Dapr and Redis port above Linux's ephemeral range; logs in .run/bench/),
# times the start (JVM start to /health/ready 200 and daprd hostReady), runs the warm-up right
# after ready (so it also counts the requests slower than 1 s in the first --warmup seconds), and
# stops everything at the end. JAVA_OPTS reaches the JVM as with run.sh. With --attach URL the app
# is the process listening on URL's port and its daprd the one started with --app-port on that port
# (or --dapr-port); it must answer 200 on --ready-path (default /health/ready). --no-analytics
# skips the GET /analytics check (for a service without it, e.g. the Python reference).
# --message-chars N pads every chat message with N more characters (chat.max-content-length is 4000).
# daprd's API token: DAPR_API_TOKEN from the environment; for a service it starts, one it makes
# (and passes to run.sh) when none is set.
# wrk is the Debian package 'wrk' (installed with apt-get when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."

users=1000
duration=20
connections=32
warmup=30
label=""
floor=true
attach=""
dapr_port=""
ready_path=/health/ready
analytics=true
message_chars=0
run_args=()
app_port=8000
offset=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --label) label=$2; shift ;;
    --no-floor) floor=false ;;
    --attach) attach=$2; shift ;;
    --dapr-port) dapr_port=$2; shift ;;
    --ready-path) ready_path=$2; shift ;;
    --no-analytics) analytics=false ;;
    --message-chars) message_chars=$2; shift ;;
    --redis) run_args+=(--redis) ;;
    --port) app_port=$2; run_args+=(--port "$2"); shift ;;
    --port-offset) offset=$2; run_args+=(--port-offset "$2"); shift ;;
    --dapr-http-port) dapr_port=$2; run_args+=(--dapr-http-port "$2"); shift ;;
    --dapr-grpc-port|--placement-port) run_args+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "benchmark.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# The stack this script starts moves every Dapr and Redis port up by 11000 unless told otherwise:
# Dapr's defaults (50001, 50005-50008) lie in Linux's ephemeral range (32768-60999), where an
# outgoing connection of any process may hold one for minutes, and runs were lost to placement's
# 50006 and 50008 so held; 61001-61008 lie above it. The app keeps port 8000.
if [ -z "$offset" ]; then
  offset=0
  if [ -z "$attach" ]; then
    offset=11000
    run_args+=(--port-offset "$offset")
  fi
fi
for n in "$users" "$duration" "$connections" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "benchmark.sh: '$n' is not a number" >&2; exit 2; }
done
[ "$users" -gt 0 ] && [ "$duration" -gt 0 ] && [ "$connections" -gt 0 ] ||
  { echo "benchmark.sh: --users, --duration and --connections must be positive" >&2; exit 2; }

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is missing: install it (Debian: sudo apt-get install wrk)"
  fi
fi
for tool in curl ss; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing"; done

ticks=$(getconf CLK_TCK)
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# The pid of the process listening on TCP port $1.
listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
# The --dapr-http-port of the daprd started with --app-port $1.
daprd_port_for_app() {
  local pid
  for pid in $(pgrep -x daprd || true); do
    tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | awk -v app="$1" '
      prev == "--app-port" && $0 == app { mine = 1 }
      prev == "--dapr-http-port" { port = $0 }
      { prev = $0 }
      END { if (mine && port) print port }'
  done | head -1
}
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

run_pid=""
namespace=bench
stop_service() {
  if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then
    log "stopping the service (scripts/run.sh, pid $run_pid)"
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
}
trap stop_service EXIT
trap 'exit 130' INT TERM

# scripts/run.sh makes random tokens per run unless they are exported: the service this script starts
# gets one made here, so the floor can call daprd's API with it.
if [ -z "$attach" ] && [ -z "${DAPR_API_TOKEN:-}" ]; then
  DAPR_API_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  export DAPR_API_TOKEN
fi
token=${DAPR_API_TOKEN:-}
metadata() { curl -s -m 2 ${token:+-H "dapr-api-token: $token"} "http://127.0.0.1:$dapr_port/v1.0/metadata"; }

start_seconds=""
if [ -z "$attach" ]; then
  url="http://127.0.0.1:$app_port"
  dapr_port=${dapr_port:-$((3500 + offset))}
  mkdir -p ".run/$namespace"
  # start_service: scripts/run.sh in the background; returns once ready, 1 if the WAR's deployment
  # failed (seen on this machine: a /health/ready poll during deployment can break the app's settings).
  start_service() {
    local i meta code
    rm -f ".run/$namespace/payara-micro-0.log"
    log "starting the service: scripts/run.sh --namespace $namespace ${run_args[*]} (output in .run/$namespace/run.out)"
    bash scripts/run.sh --namespace "$namespace" "${run_args[@]}" > ".run/$namespace/run.out" 2>&1 &
    run_pid=$!
    for ((i = 0; ; i++)); do
      if ! kill -0 "$run_pid" 2>/dev/null; then
        # Dapr's default ports (50001, 50005-50008) lie in Linux's ephemeral range (32768-60999), so
        # an outgoing connection of another process may hold one for a while: wait and start again.
        if grep -qs -e 'address already in use' -e 'is already in use' ".run/$namespace/run.out"; then
          log "a port was taken: $(grep -m1 -o 'listen tcp [^ ]*' ".run/$namespace/run.out" || grep -m1 ERROR ".run/$namespace/run.out"); starting again in 10 s"
          sleep 10
          return 1
        fi
        die "scripts/run.sh exited: $(grep -m1 ERROR ".run/$namespace/run.out" || tail -3 ".run/$namespace/run.out")"
      fi
      [ "$i" -lt 3000 ] || die "the service did not become ready in 600 s; see .run/$namespace/"
      if grep -qs -e 'Startup of context .*failed' -e 'Exception while loading the app' ".run/$namespace/payara-micro-0.log"; then
        log "the WAR's deployment failed: $(grep -m1 -o 'IllegalArgumentException: .*' ".run/$namespace/payara-micro-0.log" || echo "see .run/$namespace/payara-micro-0.log")"
        stop_service
        mv ".run/$namespace/payara-micro-0.log" ".run/$namespace/payara-micro-0.failed.log"
        return 1
      fi
      # The app's own route answers (200, or 401 when it requires daprd's app token) once the WAR is
      # deployed, and only then is readiness asked for.
      code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url/dapr/config" || true)
      if [[ "$code" =~ ^(200|401)$ ]] && curl -fs -o /dev/null -m 2 "$url/health/ready"; then
        meta=$(metadata || true)
        # Without daprd's token (run.sh may make one per run), run.sh's own readiness line is the sign.
        if [[ "$meta" == *'"hostReady":true'* ]] ||
           { [[ "$meta" != *'"hostReady"'* ]] && grep -q "service is up" ".run/$namespace/run.out"; }; then
          return 0
        fi
      fi
      sleep 0.2
    done
  }
  start_service || start_service || start_service ||
    die "the service failed to start three times (a port taken, or the WAR's deployment failed: .run/$namespace/)"
  ready_at=$(uptime_s)
  app_pid=$(listener_pid "$app_port")
  [ -n "$app_pid" ] || die "nothing listens on port $app_port"
  jvm_start=$(awk -v t="$ticks" '{ sub(/^.*\) /, ""); print $20 / t }' "/proc/$app_pid/stat")
  start_seconds=$(awk -v a="$ready_at" -v b="$jvm_start" 'BEGIN { printf "%.1f", a - b }')
  log "ready ${start_seconds} s after the JVM started"
else
  url=${attach%/}
  app_port=${url##*:}; app_port=${app_port%%/*}
  app_pid=$(listener_pid "$app_port")
  [ -n "$app_pid" ] || die "no process listens on port $app_port of $url (ss -ltnp)"
  dapr_port=${dapr_port:-$(daprd_port_for_app "$app_port")}
  [ -n "$dapr_port" ] || die "no daprd with --app-port $app_port found: pass --dapr-port N"
  curl -fs -o /dev/null -m 5 "$url$ready_path" || die "$url$ready_path does not answer 200"
fi
daprd_pid=$(listener_pid "$dapr_port")
[ -n "$daprd_pid" ] || die "nothing listens on daprd's port $dapr_port"
jvm=$(readlink "/proc/$app_pid/exe")
jvm_flags=$(tr '\0' '\n' < "/proc/$app_pid/cmdline" | sed -n '2,$p' | sed '/^-jar$/,$d' | tr '\n' ' ')
log "app: pid $app_pid ($jvm ${jvm_flags:-<no options>}), daprd: pid $daprd_pid on :$dapr_port"
case "$(metadata)" in
  *'"hostReady":true'*) ;;
  *) [ -n "$token" ] && die "daprd on :$dapr_port does not report hostReady" ||
       log "daprd's metadata is not readable without a token: set DAPR_API_TOKEN for the floor" ;;
esac

analytics_total() { curl -fs -m 30 "$url/analytics" | grep -o '"total_messages":[0-9]*' | cut -d: -f2; }
# settled_total [EXPECTED]: poll GET /analytics every 2 s until it shows EXPECTED, or until it has
# not changed for 20 s (without EXPECTED: for 4 s), at most 240 s.
settled_total() {
  local expected=${1:-} last="" same=0 value="" need=10 i
  [ -n "$expected" ] || need=2
  for ((i = 0; i < 120; i++)); do
    value=$(analytics_total || true)
    [ -n "$expected" ] && [ "$value" = "$expected" ] && break
    if [ -n "$value" ] && [ "$value" = "$last" ]; then
      same=$((same + 1)); [ "$same" -ge "$need" ] && break
    else
      same=0
    fi
    last=$value
    sleep 2
  done
  echo "${value:-?}"
}

prefix="b$(date +%s)-"
next=0
# phase NAME MODE SECONDS: one wrk run; its figures land in R_<key> (see users.lua's BENCH line).
phase() {
  local name=$1 mode=$2 seconds=$3 target=$url out line pair
  [ "$mode" = actor ] && target="http://127.0.0.1:$dapr_port"
  out=".run/bench-wrk-$name.log"
  mkdir -p .run
  BENCH_MODE=$mode BENCH_USERS=$users BENCH_PREFIX=$prefix BENCH_OFFSET=$next BENCH_SECONDS=$seconds \
    BENCH_THREADS=$connections BENCH_TOKEN=$token BENCH_PAD=$message_chars \
    wrk -t "$connections" -c "$connections" -d "$((seconds + 60))s" -T 60s --latency \
      -s scripts/benchmark/users.lua "$target" > "$out" 2>&1 || die "wrk failed: $(tail -3 "$out")"
  line=$(grep -m1 '^BENCH ' "$out") || die "wrk printed no result: $(tail -3 "$out")"
  for pair in ${line#BENCH }; do
    printf -v "R_${pair%%=*}" '%s' "${pair#*=}"
  done
  next=$R_next
  log "$name: $R_ok answered 2xx, $R_other other, $R_lost lost; $R_rate req/s; p50 $R_p50 p99 $R_p99 max $R_max ms; $R_slow over 1 s${R_codes:+; statuses $R_codes}"
}
# measure NAME MODE: a phase of --duration seconds with the CPU and memory figures around it.
measure() {
  local app0 dapr0 app1 dapr1
  app0=$(cpu_ticks "$app_pid"); dapr0=$(cpu_ticks "$daprd_pid")
  phase "$1" "$2" "$duration"
  app1=$(cpu_ticks "$app_pid"); dapr1=$(cpu_ticks "$daprd_pid")
  M_app=$(awk -v d=$((app1 - app0)) -v t="$ticks" -v n="$R_ok" 'BEGIN { printf "%.2f", n ? d * 1000 / t / n : 0 }')
  M_dapr=$(awk -v d=$((dapr1 - dapr0)) -v t="$ticks" -v n="$R_ok" 'BEGIN { printf "%.2f", n ? d * 1000 / t / n : 0 }')
  M_rss=$(status_kib "$app_pid" VmRSS); M_hwm=$(status_kib "$app_pid" VmHWM)
}
ms() { awk -v v="$1" 'BEGIN { printf(v < 10 ? "%.1f ms" : "%.0f ms", v) }'; }
row() { # row NAME
  printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s (peak %s) |\n' "$1" "$users" "$R_rate" \
    "$(ms "$R_p50")" "$(ms "$R_p90")" "$(ms "$R_p99")" "$(ms "$R_max")" "$((R_other + R_lost))" \
    "$M_app" "$M_dapr" "$(mib "$M_rss")" "$(mib "$M_hwm")"
}

if $analytics; then
  before=$(settled_total)
  log "analytics total_messages before: $before"
fi
answered=0
if [ "$warmup" -gt 0 ]; then
  phase warmup chat "$warmup"
  answered=$((answered + R_ok))
  warm_slow=$R_slow; warm_answered=$R_answered
fi
measure chat chat
answered=$((answered + R_ok))
chat_row=$(row "chat${label:+, $label}")

if $analytics; then
  after=$(settled_total $((before + answered)))
  counted=$((after - before))
  if [ "$counted" = "$answered" ]; then verdict=OK; else verdict=FAIL; fi
  log "analytics: $answered chat answers 2xx, total_messages grew by $counted ($before -> $after): $verdict"
else
  verdict=skipped
fi

floor_row=""
if $floor; then
  [ "$warmup" -gt 0 ] && phase floor-warmup actor 5
  measure floor actor
  floor_row=$(row "one actor call through daprd${label:+, $label}")
fi

echo
echo "| run | users | req/s | p50 | p90 | p99 | max | non-2xx | app CPU ms/req | daprd CPU ms/req | app RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
echo "$chat_row"
[ -z "$floor_row" ] || echo "$floor_row"
echo
echo "$connections connections, $duration s measured after $warmup s of warm-up; app: $jvm ${jvm_flags:-<no options>}"
if [ -n "$start_seconds" ]; then
  echo "start: ready (/health/ready 200, daprd hostReady) ${start_seconds} s after the JVM started;" \
    "first ${warmup} s after ready: ${warm_slow:-0} of ${warm_answered:-0} chat requests took over 1 s"
fi
if $analytics; then
  echo "analytics: ${answered} chat messages answered 2xx (warm-up + run), total_messages grew by ${counted}: $verdict"
else
  echo "analytics: not checked (--no-analytics); ${answered} chat messages answered 2xx (warm-up + run)"
fi
[ "$verdict" = OK ] || [ "$verdict" = skipped ] || exit 1
