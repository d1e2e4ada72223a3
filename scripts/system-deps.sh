#!/usr/bin/env bash
# Installs the Debian packages teiedit needs (Java + Apache FOP for PDF, Noto CJK fonts, Chromium for the
# browser tests, jing/trang for the schema, poppler-utils for PDF tests) when any is missing.
# Idempotent and quick when everything is there.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have fop || need+=(fop default-jre-headless)
have jing || need+=(jing)
have trang || need+=(trang)
have pdftotext || need+=(poppler-utils)
have chromium || need+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || need+=(fonts-noto-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! have apt-get; then
  echo "system-deps: please install: ${need[*]} (no apt-get here)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${need[@]}"
