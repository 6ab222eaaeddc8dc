#!/usr/bin/env bash
# Installs what PACTS needs on a fresh machine; each part is idempotent and quick when done.
#   scripts/setup.sh python    .venv with the hash-locked dependencies and PACTS itself
#   scripts/setup.sh chromium  Debian's Chromium, unless one is already found
#   scripts/setup.sh services  Redis and PostgreSQL up on 127.0.0.1 (installed if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'Error: %s\n' "$*" >&2; exit 3; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root to run: $* (install sudo or run as root)"; fi
}

APT_UPDATED=
apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install $* with your package manager"
    if [ -z "$APT_UPDATED" ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup_python() {
    "$PYTHON" - <<'PY' || die "PACTS needs Python 3.11 or newer as $PYTHON (set PYTHON=...)"
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$PYTHON" -m venv "$VENV"
        fi
    fi
    say "installing the locked dependencies (requirements-dev.lock)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
        -r requirements-dev.lock
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
}

find_chromium() {
    if [ -n "${PACTS_CHROMIUM_PATH:-}" ]; then
        [ -x "$PACTS_CHROMIUM_PATH" ] || command -v "$PACTS_CHROMIUM_PATH" >/dev/null
        return
    fi
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null && return 0
    done
    return 1
}

setup_chromium() {
    if find_chromium; then return 0; fi
    say "Chromium not found; installing Debian's chromium"
    apt_install chromium
    find_chromium || die "Chromium still not found after installing it; set PACTS_CHROMIUM_PATH"
}

redis_up() { "$VENV/bin/python" - <<'PY' 2>/dev/null
import socket
s = socket.create_connection(("127.0.0.1", 6379), timeout=1)
s.sendall(b"PING\r\n")
assert s.recv(16).startswith(b"+PONG")
PY
}

postgres_up() {
    command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 2
}

wait_for() {  # wait_for NAME CHECK
    for _ in $(seq 1 60); do "$2" && return 0; sleep 0.5; done
    die "$1 did not come up on 127.0.0.1"
}

setup_services() {
    if ! redis_up; then
        command -v redis-server >/dev/null || apt_install redis-server
        say "starting Redis on 127.0.0.1:6379"
        mkdir -p /tmp/pacts-redis
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
            --maxmemory 256mb --maxmemory-policy allkeys-lru \
            --dir /tmp/pacts-redis --logfile /tmp/pacts-redis/redis.log
        wait_for Redis redis_up
    fi
    if ! postgres_up; then
        command -v pg_ctlcluster >/dev/null || apt_install postgresql
        local version
        version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
        [ -n "$version" ] || die "PostgreSQL is installed but has no cluster in /etc/postgresql"
        say "starting PostgreSQL $version on 127.0.0.1:5432"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        wait_for PostgreSQL postgres_up
        # Tests connect as postgres/postgres over TCP; a fresh cluster wants a password there.
        as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" \
            >/dev/null 2>&1 || true
    fi
    say "Redis and PostgreSQL are up"
}

for part in "$@"; do
    case "$part" in
        python) setup_python ;;
        chromium) setup_chromium ;;
        services) setup_services ;;
        *) echo "usage: $0 python|chromium|services ..." >&2; exit 2 ;;
    esac
done
