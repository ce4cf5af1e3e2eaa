#!/usr/bin/env bash
# Checks what the scripts need, each with a message that says what to install. Sourced by run.sh,
# test.sh and dapr-toolchain.sh:   source scripts/prerequisites.sh; require jdk maven curl
#
# Why each: a JDK, not a JRE (Maven compiles); Maven builds the WAR; curl is how run.sh waits for
# the services (without it every check fails and it would wait out its timeout); Go >= 1.25.9 only
# to build daprd/placement v1.17.5 once (their go.mod says "go 1.25.9"; Debian 12's golang is 1.19).

prerequisite_missing() {
  echo "[prerequisites] $1 is missing: $2" >&2
  exit 2
}

require() {
  local what
  for what in "$@"; do
    case "$what" in
      jdk)
        command -v java >/dev/null 2>&1 ||
          prerequisite_missing "Java" "install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
        command -v javac >/dev/null 2>&1 ||
          prerequisite_missing "javac (a JDK; a JRE is not enough)" "install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
        local major
        major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
        [ -n "$major" ] && [ "$major" -ge 17 ] ||
          prerequisite_missing "Java 17 or newer (found ${major:-an unknown version})" "install a JDK 17 or newer"
        ;;
      maven)
        command -v mvn >/dev/null 2>&1 || prerequisite_missing "Maven" "install it (Debian: apt-get install maven)"
        ;;
      curl)
        command -v curl >/dev/null 2>&1 || prerequisite_missing "curl" "install it (Debian: apt-get install curl)"
        ;;
      redis)
        command -v redis-server >/dev/null 2>&1 ||
          prerequisite_missing "redis-server" "install it (Debian: apt-get install redis-server)"
        ;;
      kubectl)
        command -v kubectl >/dev/null 2>&1 ||
          prerequisite_missing "kubectl" "install it (https://kubernetes.io/docs/tasks/tools/); the overlay checks render kustomize/ with it"
        ;;
      chromium)
        command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 ||
          prerequisite_missing "chromium or chromedriver" "install them (Debian: apt-get install chromium chromium-driver); WebPageIT drives the page in a headless Chromium"
        ;;
      go)
        command -v go >/dev/null 2>&1 ||
          prerequisite_missing "Go" "install Go 1.25.9 or newer from https://go.dev/dl (Debian 12's golang package is 1.19, too old), or put daprd and placement v1.17.5 into the Dapr bin directory yourself (e.g. 'dapr init --slim --runtime-version 1.17.5')"
        local version
        version=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
        if [ "$(printf '%s\n%s\n' 1.25.9 "$version" | sort -V | head -n 1)" != 1.25.9 ]; then
          prerequisite_missing "Go 1.25.9 or newer (found ${version:-an unknown version})" "install it from https://go.dev/dl (Debian 12's golang package is 1.19, too old)"
        fi
        ;;
      *)
        echo "[prerequisites] unknown requirement '$what'" >&2
        exit 2
        ;;
    esac
  done
}
