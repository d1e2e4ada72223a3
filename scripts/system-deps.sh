#!/usr/bin/env bash
# Installs the Debian packages teiedit needs (Java + Apache FOP for PDF, Noto CJK fonts, Chromium for the
# browser tests, jing/trang for the schema, poppler-utils for PDF tests, nginx-light and apache2 to run the
# README's DTS rewrite blocks in tests/test_dts_rewrite.py) when any is missing, and
# axe-core (npm, for the accessibility tests) into the git-ignored .cache/axe/.
# Idempotent and quick when everything is there.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have fop || need+=(fop default-jre-headless)
have jing || need+=(jing)
have trang || need+=(trang)
have pdftotext || need+=(poppler-utils)
have chromium || need+=(chromium)
# nginx and apache2 live in /usr/sbin, which a non-root PATH may lack; the tests run it unprivileged, never as a service
have nginx || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
have apache2 || [ -x /usr/sbin/apache2 ] || need+=(apache2)
have npm || need+=(npm)
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || need+=(fonts-noto-core)
# Noto Sans Math: the print edition's fallback face for ∅ and → (same package)
[ -e /usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf ] || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
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
fi
# axe-core, injected into pages by tests/test_a11y.py; pinned, never committed (.cache/ is git-ignored)
AXE_VERSION=4.14.1
root="$(cd "$(dirname "$0")/.." && pwd)"
axe="$root/.cache/axe"
if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$axe/node_modules/axe-core/package.json"; then
  echo "system-deps: installing axe-core $AXE_VERSION into .cache/axe"
  mkdir -p "$axe"
  # without the npm registry the rest still works: tests/test_a11y.py then skips, saying why
  npm install --prefix "$axe" --no-save --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" ||
    echo "system-deps: WARNING: could not install axe-core (no npm registry?): the accessibility tests will be skipped" >&2
fi
