#!/bin/sh
# Installs the Debian 12 packages vnews needs, only those that are missing.
need=""
for p in build-essential clang pkg-config python3 zstd libutf8proc-dev libsqlite3-dev libzstd-dev \
         zlib1g-dev libxxhash-dev libmicrohttpd-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "installing:$need" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
