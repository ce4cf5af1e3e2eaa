#!/usr/bin/env bash
# Makes daprd and placement of the pinned Dapr version available, and prints the directory that
# holds them (the last line on stdout; everything else goes to stderr):
#   - $DAPR_BIN_DIR if set (built there if needed);
#   - else ~/.dapr/bin if `dapr init --slim` (or anything else) put the right version there, with
#     the conversation components: a Dapr CLI install is used as it is and never overwritten;
#   - else .dapr-runtime/bin in this checkout, built once.
#
# No release binaries can be downloaded on our machines, so both are built from the
# github.com/dapr/dapr Go module. Its go.mod carries `replace` directives, which makes
# `go install pkg@version` refuse it: we download the module, build in a writable copy, and
# stamp the version so `daprd --version` can tell us later whether a rebuild is needed.
#
# daprd is built with the `allcomponents` tag: the conversation components (conversation.echo,
# .openai, .anthropic, .ollama, ...) that the language-model responder uses are compiled in only
# with it (`stablecomponents` leaves them out). One daprd serves every mode and every test.
# Binaries already there at the right version (ours or `dapr init --slim`'s, which are release
# builds with every component) are reused; a daprd without the conversation components (e.g. an
# earlier `stablecomponents` build of this script) is rebuilt.
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

# Whether daprd has the conversation components compiled in. Go keeps the import paths of the
# packages in a binary's symbol table even when it is stripped (-s -w), so the echo component's
# package path is in daprd exactly when the conversation components are.
has_conversation_components() {
  [ -x "$DAPR_BIN_DIR/daprd" ] && grep -aq 'components-contrib/conversation/echo' "$DAPR_BIN_DIR/daprd"
}

# needs_build NAME: whether NAME must be built (missing, another version, or, for daprd, without
# the conversation components).
needs_build() {
  [ "$(installed_version "$1")" != "$DAPR_RUNTIME_VERSION" ] && return 0
  [ "$1" = daprd ] && ! has_conversation_components && return 0
  return 1
}

# DAPR_BIN_DIR, if set, is the one place to use (and to build into). Otherwise the Dapr CLI's
# binaries are used when both are right, else ours, built once into the project.
if [ -z "${DAPR_BIN_DIR:-}" ]; then
  DAPR_BIN_DIR="$USER_DAPR_BIN"
  if needs_build daprd || needs_build placement; then
    DAPR_BIN_DIR="$PROJECT_DAPR_BIN"
  fi
fi

build_daprd=no
build_placement=no
needs_build daprd && build_daprd=yes
needs_build placement && build_placement=yes
if [ "$build_daprd" = no ] && [ "$build_placement" = no ]; then
  log "daprd (with the conversation components) and placement $DAPR_RUNTIME_VERSION in $DAPR_BIN_DIR"
  echo "$DAPR_BIN_DIR"
  exit 0
fi
if [ "$build_daprd" = yes ] && [ "$(installed_version daprd)" = "$DAPR_RUNTIME_VERSION" ]; then
  log "daprd $DAPR_RUNTIME_VERSION in $DAPR_BIN_DIR lacks the conversation components: rebuilding it with allcomponents"
fi

log "daprd/placement $DAPR_RUNTIME_VERSION are not ready in $DAPR_BIN_DIR: building them needs Go"
# shellcheck source=scripts/prerequisites.sh
source "$(dirname "$0")/prerequisites.sh"
require go

log "building$([ "$build_daprd" = yes ] && echo " daprd")$([ "$build_placement" = yes ] && echo " placement") v$DAPR_RUNTIME_VERSION from the Go module (first time only; daprd is about 11 CPU-minutes of compiling: 6-35 minutes on 2 cores, by load)"
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
if [ "$build_placement" = yes ]; then
  log "step 2/3: building placement"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -ldflags "$ldflags" -o "$DAPR_BIN_DIR/placement.new" ./cmd/placement
  mv "$DAPR_BIN_DIR/placement.new" "$DAPR_BIN_DIR/placement"
fi
if [ "$build_daprd" = yes ]; then
  log "step 3/3: building daprd with all components, the conversation ones among them (the long step)"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -tags allcomponents -ldflags "$ldflags" -o "$DAPR_BIN_DIR/daprd.new" ./cmd/daprd
  mv "$DAPR_BIN_DIR/daprd.new" "$DAPR_BIN_DIR/daprd"
fi

for name in daprd placement; do
  got=$(installed_version "$name")
  if [ "$got" != "$DAPR_RUNTIME_VERSION" ]; then
    log "ERROR: built $name reports version '$got', expected $DAPR_RUNTIME_VERSION"
    exit 4
  fi
done
if ! has_conversation_components; then
  log "ERROR: the daprd built in $DAPR_BIN_DIR has no conversation components"
  exit 4
fi
log "done: daprd (all components) and placement $DAPR_RUNTIME_VERSION in $DAPR_BIN_DIR"
echo "$DAPR_BIN_DIR"
