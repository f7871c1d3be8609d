#!/usr/bin/env bash
# Installs the Debian 12 packages ruoyi-cpp needs to build, test and run. Idempotent: when every
# package is present it prints one line and touches nothing (no apt-get update, no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libsqlite3-dev libpq-dev libssl-dev libcrypt-dev zlib1g-dev libexpat1-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev libhiredis-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql redis-server curl
  wrk sqlite3
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's redis-server package starts a system-wide instance on :6379; tests start their own on
# free ports, so the system one is left as the package configured it.
echo "install-deps: done"
