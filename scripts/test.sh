#!/usr/bin/env bash
# README command 2: the whole test suite on the real stack.
# Unit tests (Surefire, *Test) and Arquillian integration tests (Failsafe, *IT) that deploy the
# built WAR on Payara Micro next to a real daprd + placement (+ redis-server) on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
require jdk maven redis kubectl chromium

# The ITs start daprd and placement from the directory the toolchain chose.
DAPR_BIN_DIR=$(bash scripts/dapr-toolchain.sh | tail -n 1)
export DAPR_BIN_DIR
exec mvn -B verify "$@"
