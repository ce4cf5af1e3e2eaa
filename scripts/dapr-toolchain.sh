#!/usr/bin/env bash
# Makes daprd and placement of the pinned Dapr version available, and prints the directory that
# holds them (the last line on stdout; everything else goes to stderr):
#   - $DAPR_BIN_DIR if set (built there if needed);
#   - else ~/.dapr/bin if `dapr init --slim` (or anything else) put the right version there: a Dapr
#     CLI install is used as it is and never overwritten;
#   - else .dapr-runtime/bin in this checkout, built once.
#
# No release binaries can be downloaded on our machines, so both are built from the
# github.com/dapr/dapr Go module. Its go.mod carries `replace` directives, which makes
# `go install pkg@version` refuse it: we download the module, build in a writable copy, and
# stamp the version so `daprd --version` can tell us later whether a rebuild is needed.
set -euo pipefail

# v1.17.5 is the newest v1.17 patch the Go module proxy serves with (nearly) its whole dependency
# graph: v1.17.11 is listed, but its components-contrib v1.17.7 is refused. v1.17.5 asks for
# durabletask-go v0.11.1, which is refused too, so the build pins the next served patch of it.
DAPR_RUNTIME_VERSION="${DAPR_RUNTIME_VERSION:-1.17.5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Where `dapr init --slim` puts its binaries: reused when they are the right version, never written.
USER_DAPR_BIN="$HOME/.dapr/bin"
# Where this project builds its own, inside the checkout (git-ignored).
PROJECT_DAPR_BIN="$ROOT/.dapr-runtime/bin"
# Dependencies the proxy refuses at the version dapr's go.mod names, replaced by a served patch
# release of the same minor (module=version, space separated).
DAPR_MODULE_PINS="${DAPR_MODULE_PINS-github.com/dapr/durabletask-go=v0.11.3}"
BUILD_ROOT="${DAPR_BUILD_ROOT:-$HOME/.cache/daca-dapr-build}"

log() { echo "[dapr-toolchain] $*" >&2; }

installed_version() {
  local bin="$DAPR_BIN_DIR/$1"
  [ -x "$bin" ] || return 0
  if [ "$1" = daprd ]; then
    "$bin" --version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true
  elif command -v go >/dev/null 2>&1; then
    # placement has no --version flag; the version stamped at build time is in its build info.
    go version -m "$bin" 2>/dev/null | grep -o 'buildinfo.version=[^ "]*' | head -n 1 | cut -d= -f2 || true
  else
    # Without Go we cannot read it; placement always comes with daprd, so trust daprd's.
    installed_version daprd
  fi
}

needs_build() {
  local name
  for name in daprd placement; do
    if [ "$(installed_version "$name")" != "$DAPR_RUNTIME_VERSION" ]; then
      return 0
    fi
  done
  return 1
}

# DAPR_BIN_DIR, if set, is the one place to use (and to build into). Otherwise the Dapr CLI's
# binaries are used when they are the right version, else ours, built once into the project.
if [ -z "${DAPR_BIN_DIR:-}" ]; then
  DAPR_BIN_DIR="$USER_DAPR_BIN"
  if needs_build; then
    DAPR_BIN_DIR="$PROJECT_DAPR_BIN"
  fi
fi

if ! needs_build; then
  log "daprd and placement $DAPR_RUNTIME_VERSION in $DAPR_BIN_DIR"
  echo "$DAPR_BIN_DIR"
  exit 0
fi

log "daprd/placement $DAPR_RUNTIME_VERSION are not in $DAPR_BIN_DIR: building them needs Go"
# shellcheck source=scripts/prerequisites.sh
source "$(dirname "$0")/prerequisites.sh"
require go

log "building daprd and placement v$DAPR_RUNTIME_VERSION from the Go module (first time only; takes several minutes)"
log "step 1/3: downloading github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION"
module_dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$module_dir" ] || [ ! -d "$module_dir" ]; then
  log "ERROR: could not download github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION from the Go module proxy ($(go env GOPROXY))"
  exit 3
fi

src="$BUILD_ROOT/dapr-$DAPR_RUNTIME_VERSION"
if [ ! -f "$src/go.mod" ]; then
  rm -rf "$src.tmp"
  mkdir -p "$BUILD_ROOT"
  cp -r "$module_dir" "$src.tmp"
  chmod -R u+w "$src.tmp"
  mv "$src.tmp" "$src"
fi

for pin in $DAPR_MODULE_PINS; do
  log "pinning ${pin%%=*} to ${pin#*=} (the version dapr asks for is not served)"
  (cd "$src" && go mod edit -replace "${pin%%=*}=${pin%%=*}@${pin#*=}")
done

ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_RUNTIME_VERSION"
mkdir -p "$DAPR_BIN_DIR"
cd "$src"
log "step 2/3: building placement"
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -ldflags "$ldflags" -o "$DAPR_BIN_DIR/placement.new" ./cmd/placement
mv "$DAPR_BIN_DIR/placement.new" "$DAPR_BIN_DIR/placement"
log "step 3/3: building daprd with the stable components (the long step)"
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -tags stablecomponents -ldflags "$ldflags" -o "$DAPR_BIN_DIR/daprd.new" ./cmd/daprd
mv "$DAPR_BIN_DIR/daprd.new" "$DAPR_BIN_DIR/daprd"

for name in daprd placement; do
  got=$(installed_version "$name")
  if [ "$got" != "$DAPR_RUNTIME_VERSION" ]; then
    log "ERROR: built $name reports version '$got', expected $DAPR_RUNTIME_VERSION"
    exit 4
  fi
done
log "done: daprd and placement $DAPR_RUNTIME_VERSION in $DAPR_BIN_DIR"
echo "$DAPR_BIN_DIR"
