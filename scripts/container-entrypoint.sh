#!/bin/sh
# Starts Payara Micro in the container with the JVM options of server-config/jvm.options and the
# Payara Micro options of server-config/payara-micro.properties, the files scripts/run.sh reads.
# JAVA_OPTS, when set, is appended to the JVM options (a later option wins).
# Settings come from the environment (NAMESPACE, PARTITIONS_COUNT, DAPR_HTTP_PORT, ...).
set -eu
jvm_options=$(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' server-config/jvm.options)
options=$(sed -n 's/^payara.micro.options=//p' server-config/payara-micro.properties)
# The start-up gate: the port opens once the WAR is deployed (docs/operations.md#start-up);
# PAYARA_STARTUP_GATE=false turns it off.
if [ "${PAYARA_STARTUP_GATE:-true}" != false ]; then
  options="$options $(sed -n 's/^payara.micro.startup-gate=//p' server-config/payara-micro.properties)"
fi
port=$(sed -n 's/^payara.micro.port=//p' server-config/payara-micro.properties)
# Class-data sharing: the image build runs `entrypoint.sh --cds-training` once (Containerfile), a
# start that boots, deploys and exits (Payara Micro's --warmup) and archives the classes it loaded
# in payara-micro.jsa; every start maps that archive (docs/performance.md). A JVM other than the
# one that made it refuses it and starts without.
archive=payara-micro.jsa
if [ "${1:-}" = --cds-training ]; then
  # shellcheck disable=SC2086
  exec java $jvm_options -XX:ArchiveClassesAtExit="$archive" -jar payara-micro.jar --deploy chat-agent.war $options --warmup
fi
if [ -s "$archive" ]; then
  jvm_options="$jvm_options -XX:SharedArchiveFile=$archive"
fi
# shellcheck disable=SC2086 # the options are word lists on purpose
exec java $jvm_options ${JAVA_OPTS:-} -jar payara-micro.jar --deploy chat-agent.war $options --port "${PORT:-$port}"
