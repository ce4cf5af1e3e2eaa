#!/usr/bin/env bash
# Benchmark (not a test): load a running service (scripts/run.sh) with POST /chat/{id} over many
# actors and print throughput, p50/p90/p99 latency, errors and the app's peak RSS.
#   scripts/benchmark.sh [--url http://127.0.0.1:8000] [--actors 1000] [--connections 32]
#                        [--requests 20000] [--warmup 2000] [--app-pid PID]
# Without --app-pid, the Payara Micro process serving --url's port is looked up.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
url=http://127.0.0.1:8000
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = --url ] && url=${args[$((i + 1))]}; done
if [[ " ${args[*]} " != *" --app-pid "* ]]; then
  port=${url##*:}; port=${port%%/*}
  pid=$(pgrep -f "payara-micro.jar.*" | while read -r p; do
          grep -qs "payaramicro.port=$port" /proc/"$p"/cmdline && echo "$p" && break
          tr '\0' ' ' < /proc/"$p"/cmdline | grep -o -- '--systemproperties [^ ]*' | awk '{print $2}' |
            xargs -r grep -qs "payaramicro.port=$port" && echo "$p" && break
        done || true)
  [ -n "$pid" ] && args+=(--app-pid "$pid")
fi
exec java scripts/ChatBenchmark.java "${args[@]}"
