#!/bin/sh
# Starts Payara Micro in the container with the options of server-config/payara-micro.properties.
# Settings come from the environment (NAMESPACE, PARTITIONS_COUNT, DAPR_HTTP_PORT, ...).
set -eu
options=$(sed -n 's/^payara.micro.options=//p' server-config/payara-micro.properties)
# The start-up gate: the port opens once the WAR is deployed (no 404 while it deploys).
options="$options $(sed -n 's/^payara.micro.startup-gate=//p' server-config/payara-micro.properties)"
port=$(sed -n 's/^payara.micro.port=//p' server-config/payara-micro.properties)
# shellcheck disable=SC2086 # the options are a word list on purpose
exec java ${JAVA_OPTS:-} -jar payara-micro.jar --deploy chat-agent.war $options --port "${PORT:-$port}"
