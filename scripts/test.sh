#!/usr/bin/env bash
# README command 2: the whole test suite on the real stack.
# Unit tests (Surefire, *Test) and Arquillian integration tests (Failsafe, *IT) that deploy the
# built WAR on Payara Micro next to a real daprd + placement (+ redis-server) on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test.sh: '$tool' is missing (Java 17+ and Maven are needed)" >&2; exit 2; }
done
command -v kubectl >/dev/null 2>&1 ||
  { echo "test.sh: kubectl is missing; the overlay checks render kustomize/ with it" >&2; exit 2; }
command -v redis-server >/dev/null 2>&1 ||
  { echo "test.sh: redis-server is missing (Debian: apt-get install redis-server); the Redis ITs need it" >&2; exit 2; }
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 ||
  { echo "test.sh: chromium or chromedriver is missing (Debian: apt-get install chromium chromium-driver); WebPageIT needs them" >&2; exit 2; }

bash scripts/dapr-toolchain.sh
exec mvn -B verify "$@"
