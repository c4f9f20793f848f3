# Sourced by the other scripts: installs the Debian packages prorata needs that
# are missing (apt-get, through sudo when not root). Does nothing when all are there.
prorata_packages=(
  g++ cmake ninja-build pkg-config tzdata clang-format
  libboost-dev libhowardhinnant-date-dev doctest-dev librapidcheck-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libsimdjson-dev python3 python3-jsonschema time
  libcurl4-openssl-dev libcpp-httplib-dev
  clang-14 libclang-rt-14-dev
)

prorata_install_missing() {
  local missing=()
  for p in "${prorata_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "prorata: installing missing Debian packages: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures build dir $1 (Release) with extra cmake arguments; cheap when already configured.
prorata_configure() {
  local dir=$1; shift
  cmake -S "$prorata_root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
}
