#!/usr/bin/env bash
# README command 1: build what is missing and run the service locally on the real Dapr runtime.
#
#   scripts/run.sh            placement + daprd + Payara Micro, Dapr's in-memory components
#   scripts/run.sh --redis    the Redis components against a local redis-server (started if needed)
#   scripts/run.sh --redis --instances 3     three app instances (each with its own daprd) sharing
#                                            one placement and one Redis: Dapr spreads the actors
#   scripts/run.sh --redis --namespace prod  and, beside it,
#   scripts/run.sh --redis --namespace dev --port 8001 --port-offset 100
#                                            two isolated stacks, each with its own Redis and ports
#
# Options: --port N (first app HTTP port, default 8000; instance i listens on N+i),
# --dapr-http-port N (3500; instance i: N+10i), --dapr-grpc-port N (50001; N+10i),
# --placement-port N (50005), --redis-port N (6379), --port-offset N (added to every default
# port but --port), --namespace NAME (default), --instances N (1), --no-tokens (see below),
# --llm NAME (see below). Ctrl-C stops everything this script started. Logs go to .run/<namespace>/.
#
# A language model answers instead of "Got your message: ..." with --llm NAME: the Dapr
# conversation component components/conversation/NAME.yaml (Dapr name "llm") is loaded and the app
# runs with chat.responder=conversation. --llm echo: Dapr's echo component (no key, no network).
# --llm openai: an OpenAI-compatible provider, with LLM_API_KEY exported (and LLM_MODEL,
# LLM_ENDPOINT if not OpenAI's defaults); see that file.
#
# Dapr tokens, as on Kubernetes: every daprd asks DAPR_API_TOKEN of the callers of its API, and
# presents APP_API_TOKEN to the app, which refuses its callback routes without it. Both come from
# the environment if exported, else they are random per run; they are written, mode 600, to
# .run/<namespace>/dapr-api-token and app-api-token while the stack runs. Call daprd's API with
#   curl -H "dapr-api-token: $(cat .run/default/dapr-api-token)" localhost:3500/v1.0/metadata
# --no-tokens runs without either (daprd's API and the app's callbacks then answer anyone).
#
# Class-data sharing: the first run's JVM writes an archive of the classes it loaded when it stops
# (.run/cds/, one per JDK and payara-micro.jar); later starts map it, which makes them about 0.8 s
# faster and the first minute smoother (docs/performance.md). --no-cds starts without it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

components=in-memory
namespace=default
instances=1
offset=0
app_port=8000
dapr_http_port=""
dapr_grpc_port=""
placement_port=""
redis_port=""
tokens=on
llm=""
cds=on
while [ $# -gt 0 ]; do
  case "$1" in
    --redis) components=redis ;;
    --port) app_port=$2; shift ;;
    --dapr-http-port) dapr_http_port=$2; shift ;;
    --dapr-grpc-port) dapr_grpc_port=$2; shift ;;
    --placement-port) placement_port=$2; shift ;;
    --redis-port) redis_port=$2; shift ;;
    --port-offset) offset=$2; shift ;;
    --namespace) namespace=$2; shift ;;
    --instances) instances=$2; shift ;;
    --no-tokens) tokens=off ;;
    --llm) llm=$2; shift ;;
    --no-cds) cds=off ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
dapr_http_port=${dapr_http_port:-$((3500 + offset))}
dapr_grpc_port=${dapr_grpc_port:-$((50001 + offset))}
placement_port=${placement_port:-$((50005 + offset))}
redis_port=${redis_port:-$((6379 + offset))}

log() { echo "[run] $*"; }
die() { echo "[run] ERROR: $*" >&2; exit 1; }

# dapr_args FILE NAME=VALUE...: the flags listed in FILE (server-config/daprd.args or
# placement.args, shared with the integration tests; see the format there), each ${NAME} filled
# in, into the array ARGS.
dapr_args() {
  local file=$1 line flag value name pair
  shift
  local -A values=()
  for pair in "$@"; do values[${pair%%=*}]=${pair#*=}; done
  ARGS=()
  while IFS= read -r line || [ -n "$line" ]; do
    read -r flag value <<< "$line"
    case "$flag" in ''|'#'*) continue ;; esac
    ARGS+=("$flag")
    [ -n "$value" ] || continue
    [ "$value" != '""' ] || value=""
    while [[ $value =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
      name=${BASH_REMATCH[1]}
      [ -n "${values[$name]+set}" ] || die "$file: nothing fills in \${$name}"
      value=${value//"\${$name}"/"${values[$name]}"}
    done
    ARGS+=("$value")
  done < "$file"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free() {
  if port_in_use "$2"; then
    die "port $2 ($1) is already in use. Stop what holds it (e.g. 'ss -ltnp | grep :$2') or pick another with --$1 N."
  fi
}

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
require jdk maven curl

[[ "$instances" =~ ^[1-9]$ ]] || die "--instances takes 1 to 9"
if [ -n "$llm" ]; then
  [ -f "components/conversation/$llm.yaml" ] ||
    die "--llm $llm: no components/conversation/$llm.yaml (there are: $(cd components/conversation && ls *.yaml | sed 's/\.yaml$//' | tr '\n' ' '))"
  if grep -q 'API_KEY' "components/conversation/$llm.yaml" && [ -z "${LLM_API_KEY:-}" ]; then
    die "--llm $llm needs the provider's key: export LLM_API_KEY=... (see components/conversation/$llm.yaml)"
  fi
fi
[ "$instances" = 1 ] || [ "$components" = redis ] ||
  die "--instances $instances needs --redis: actors move between instances, so their state must be shared"

# Instance i: app on app_port+i, daprd HTTP on dapr_http_port+10i (metrics +5), gRPC on
# dapr_grpc_port+10i (internal +1). Placement uses placement_port..+3.
placement_health_port=$((placement_port + 1))
placement_metrics_port=$((placement_port + 2))
placement_raft_port=$((placement_port + 3))
for ((i = 0; i < instances; i++)); do
  require_free port "$((app_port + i))"
  require_free dapr-http-port "$((dapr_http_port + 10 * i))"
  require_free dapr-http-port "$((dapr_http_port + 10 * i + 5))"
  require_free dapr-grpc-port "$((dapr_grpc_port + 10 * i))"
  require_free dapr-grpc-port "$((dapr_grpc_port + 10 * i + 1))"
done
for p in "$placement_port" "$placement_health_port" "$placement_metrics_port" "$placement_raft_port"; do
  require_free placement-port "$p"
done

DAPR_BIN=$(bash scripts/dapr-toolchain.sh | tail -n 1)

war=target/chat-agent.war
if [ ! -f "$war" ] || [ ! -f target/payara-micro.jar ] || [ -n "$(find src pom.xml -newer "$war" -print -quit)" ]; then
  log "building the WAR (mvn package)"
  mvn -B -q -DskipTests package
fi

run_dir="$ROOT/.run/$namespace"
mkdir -p "$run_dir/resources"
rm -f "$run_dir"/resources/*.yaml

# 32 random bytes as hex, from whatever the machine has.
random_token() {
  local token=""
  if command -v openssl >/dev/null 2>&1; then
    token=$(openssl rand -hex 32 2>/dev/null) || token=""
  fi
  if [ -z "$token" ] && command -v od >/dev/null 2>&1; then
    token=$(od -An -N32 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n') || token=""
  fi
  if [ -z "$token" ] && command -v xxd >/dev/null 2>&1; then
    token=$(xxd -p -l 32 /dev/urandom 2>/dev/null | tr -d '\n') || token=""
  fi
  [ ${#token} -eq 64 ] ||
    die "cannot make a random token (no openssl, od or xxd): export DAPR_API_TOKEN and APP_API_TOKEN, or use --no-tokens"
  printf '%s' "$token"
}
token_files=("$run_dir/dapr-api-token" "$run_dir/app-api-token")
rm -f "${token_files[@]}"
if [ "$tokens" = on ]; then
  # daprd reads DAPR_API_TOKEN and APP_API_TOKEN, and so does the app (MicroProfile Config maps
  # them to dapr.api.token and app.api-token): exported, every process started below gets them.
  DAPR_API_TOKEN=${DAPR_API_TOKEN:-$(random_token)}
  APP_API_TOKEN=${APP_API_TOKEN:-$(random_token)}
  export DAPR_API_TOKEN APP_API_TOKEN
  (umask 077
   printf '%s\n' "$DAPR_API_TOKEN" > "${token_files[0]}"
   printf '%s\n' "$APP_API_TOKEN" > "${token_files[1]}")
else
  unset DAPR_API_TOKEN APP_API_TOKEN
fi

# Class-data sharing (see the top): an archive made by this JDK from this payara-micro.jar is
# mapped by every instance; without one, instance 0 writes it when it stops (as .new, kept once the
# JVM has exited). A stale or damaged archive is refused by the JVM, which then starts without it.
cds_archive=""
cds_writing=""
if [ "$cds" = on ]; then
  mkdir -p .run/cds
  cds_key=$({ java -version 2>&1; stat -c '%s %Y' target/payara-micro.jar; } | cksum | cut -d' ' -f1)
  cds_archive=.run/cds/payara-micro-$cds_key.jsa
  if [ ! -s "$cds_archive" ]; then
    cds_writing=$cds_archive.$$.new
    cds_archive=""
    # Archives of another JDK or payara-micro.jar, and ones left half-written over an hour ago.
    rm -f .run/cds/*.jsa
    find .run/cds -name '*.new' -mmin +60 -delete
  fi
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping ${#pids[@]} processes"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -f "${token_files[@]}"
  if [ -n "$cds_writing" ] && [ "$(stat -c %s "$cds_writing" 2>/dev/null || echo 0)" -gt 1000000 ]; then
    mv "$cds_writing" "${cds_writing%.*.new}"
    log "class-data archive written (${cds_writing%.*.new}): the next start maps it"
  fi
}
trap 'cleanup; exit 0' INT TERM
trap cleanup EXIT

if [ "$components" = redis ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "installing redis-server"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
    else
      die "redis-server is missing: install it (Debian: sudo apt-get install redis-server)"
    fi
  fi
  if port_in_use "$redis_port"; then
    log "using the Redis already listening on 127.0.0.1:$redis_port"
  else
    log "starting redis-server on 127.0.0.1:$redis_port (data in $run_dir/redis)"
    mkdir -p "$run_dir/redis"
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run_dir/redis" --appendonly yes \
      > "$run_dir/redis.log" 2>&1 &
    pids+=($!)
    # daprd gives up at once if a Redis component cannot connect, and a Redis with much data
    # takes a while to load its append-only file: wait until it answers PING.
    for _ in $(seq 1 300); do
      [ "$( (exec 3<>"/dev/tcp/127.0.0.1/$redis_port" && printf 'PING\r\n' >&3 && timeout 1 head -c 5 <&3) 2>/dev/null)" = "+PONG" ] && break
      kill -0 "${pids[-1]}" 2>/dev/null || die "redis-server exited: $(tail -2 "$run_dir/redis.log")"
      sleep 0.2
    done
  fi
fi
for f in components/"$components"/*.yaml components/common/*.yaml ${llm:+components/conversation/$llm.yaml}; do
  sed "s/localhost:6379/127.0.0.1:$redis_port/" "$f" > "$run_dir/resources/$(basename "$f")"
done

log "starting placement on :$placement_port"
dapr_args server-config/placement.args PLACEMENT_PORT="$placement_port" \
  PLACEMENT_HEALTH_PORT="$placement_health_port" PLACEMENT_METRICS_PORT="$placement_metrics_port" \
  PLACEMENT_RAFT_PORT="$placement_raft_port" PLACEMENT_ID="placement-$namespace"
"$DAPR_BIN/placement" "${ARGS[@]}" > "$run_dir/placement.log" 2>&1 &
pids+=($!)
# Placement binds its raft port after its gRPC port; let it settle before other processes open
# client connections that could take that port from the ephemeral range.
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$placement_health_port/healthz" >/dev/null 2>&1 && break
  # Its raft port is in the ephemeral range, so another process's connection may hold it now.
  kill -0 "${pids[-1]}" 2>/dev/null ||
    die "placement exited: $(sed -n 's/.*level=fatal msg="\([^"]*\)".*/\1/p' "$run_dir/placement.log" | tail -1)
    (see $run_dir/placement.log; --placement-port N moves its ports)"
  sleep 0.2
done

micro_options=$(sed -n 's/^payara.micro.options=//p' server-config/payara-micro.properties)
# The start-up gate: the port opens once the WAR is deployed (docs/operations.md#start-up);
# PAYARA_STARTUP_GATE=false turns it off.
if [ "${PAYARA_STARTUP_GATE:-true}" != false ]; then
  micro_options="$micro_options $(sed -n 's/^payara.micro.startup-gate=//p' server-config/payara-micro.properties)"
fi
for ((i = 0; i < instances; i++)); do
  port=$((app_port + i))
  http=$((dapr_http_port + 10 * i))
  grpc=$((dapr_grpc_port + 10 * i))
  host_id="$namespace-$i"
  cat > "$run_dir/micro-$i.properties" <<PROPS
# Written by scripts/run.sh
payaramicro.port=$port
namespace=$namespace
host.id=$host_id
dapr.sidecar.ip=127.0.0.1
dapr.http.port=$http
dapr.grpc.port=$grpc
PROPS
  if [ "$components" = redis ]; then
    # Redis Streams hands daprd many events at once: have them delivered and counted in batches.
    printf 'events.bulk.max-messages=%s\n' "${EVENTS_BULK_MAX_MESSAGES:-100}" >> "$run_dir/micro-$i.properties"
  fi
  if [ -n "$llm" ]; then
    printf 'chat.responder=conversation\nchat.conversation.component=llm\n' >> "$run_dir/micro-$i.properties"
  fi
  log "starting Payara Micro '$host_id' with the WAR on :$port"
  # The JVM options of server-config/jvm.options (the image's too), class-data sharing, JAVA_OPTS.
  jvm_options=$(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' server-config/jvm.options)
  if [ -n "$cds_archive" ]; then
    jvm_options="$jvm_options -XX:SharedArchiveFile=$cds_archive"
  elif [ -n "$cds_writing" ] && [ "$i" -eq 0 ]; then
    jvm_options="$jvm_options -XX:ArchiveClassesAtExit=$cds_writing"
    log "no class-data archive for this JDK and payara-micro.jar yet: this JVM writes one when it stops"
  fi
  # shellcheck disable=SC2086 # the options are word lists on purpose
  java $jvm_options ${JAVA_OPTS:-} -jar target/payara-micro.jar --deploy "$war" $micro_options \
    --systemproperties "$run_dir/micro-$i.properties" > "$run_dir/payara-micro-$i.log" 2>&1 &
  pids+=($!)

  log "starting daprd for '$host_id' (http :$http, grpc :$grpc)"
  # The flags, and why each is there, are in server-config/daprd.args.
  dapr_args server-config/daprd.args APP_PORT="$port" DAPR_HTTP_PORT="$http" DAPR_GRPC_PORT="$grpc" \
    DAPR_INTERNAL_GRPC_PORT="$((grpc + 1))" DAPR_METRICS_PORT="$((http + 5))" \
    PLACEMENT_PORT="$placement_port" RESOURCES_PATH="$run_dir/resources" CONFIG_PATH=components/config.yaml
  NAMESPACE="$namespace" "$DAPR_BIN/daprd" "${ARGS[@]}" > "$run_dir/daprd-$i.log" 2>&1 &
  pids+=($!)
done

log "waiting for the service (first boot takes ~20 s)"
ready() {
  local i
  for ((i = 0; i < instances; i++)); do
    curl -fs "http://127.0.0.1:$((app_port + i))/health/ready" >/dev/null 2>&1 || return 1
    # The token goes to curl on stdin (a config line), not on its command line, where ps shows it.
    printf '%s\n' ${DAPR_API_TOKEN:+"header = \"dapr-api-token: $DAPR_API_TOKEN\""} |
      curl -fs -K - "http://127.0.0.1:$((dapr_http_port + 10 * i))/v1.0/metadata" 2>/dev/null |
      grep -q '"hostReady":true' || return 1
  done
}
for _ in $(seq 1 240); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || die "a process exited early; see the logs in $run_dir"
  done
  if ready; then
    echo
    echo "  ChatAgent service is up (namespace '$namespace', $components components, $instances instance(s))"
    [ -z "$llm" ] || echo "    Answers:   a language model, Dapr component components/conversation/$llm.yaml"
    for ((i = 0; i < instances; i++)); do
      echo "    instance $namespace-$i: http://localhost:$((app_port + i))  (daprd http://localhost:$((dapr_http_port + 10 * i)))"
    done
    cat <<MSG
    Chat:      curl -X POST http://localhost:$app_port/chat/user1 -H 'Content-Type: application/json' -d '{"role":"user","content":"Hi there"}'
    History:   curl http://localhost:$app_port/chat/user1/history
    Location:  curl http://localhost:$app_port/chat/user1/location
    Analytics: curl http://localhost:$app_port/analytics
    OpenAPI:   http://localhost:$app_port/openapi
    Logs:      $run_dir/
MSG
    if [ "$tokens" = on ]; then
      cat <<MSG
    Dapr API:  curl -H "dapr-api-token: \$(cat ${token_files[0]})" http://localhost:$dapr_http_port/v1.0/metadata
               tokens in $run_dir/ (mode 600, removed on exit): dapr-api-token for daprd's
               API, app-api-token for the app's callback routes (/actors/..., /subscribe, /dapr/...)
MSG
    else
      echo "    Dapr API:  curl http://localhost:$dapr_http_port/v1.0/metadata   (--no-tokens: no token asked)"
    fi
    printf '  Ctrl-C stops everything.\n\n'

    wait -n "${pids[@]}" || true
    die "a process exited; see the logs in $run_dir"
  fi
  sleep 1
done
die "the service did not become ready in 240 s; see the logs in $run_dir"
