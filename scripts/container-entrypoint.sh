#!/bin/sh
# Starts Payara Micro in the container with the options of server-config/payara-micro.properties.
# Settings come from the environment (NAMESPACE, PARTITIONS_COUNT, DAPR_HTTP_PORT, ...).
set -eu
options=$(sed -n 's/^payara.micro.options=//p' server-config/payara-micro.properties)
# PAYARA_STARTUP_GATE=true: the port opens once the WAR is deployed (docs/operations.md#start-up).
if [ "${PAYARA_STARTUP_GATE:-}" = true ]; then
  options="$options $(sed -n 's/^payara.micro.startup-gate=//p' server-config/payara-micro.properties)"
fi
port=$(sed -n 's/^payara.micro.port=//p' server-config/payara-micro.properties)
# shellcheck disable=SC2086 # the options are a word list on purpose
exec java ${JAVA_OPTS:-} -jar payara-micro.jar --deploy chat-agent.war $options --port "${PORT:-$port}"
