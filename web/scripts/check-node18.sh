#!/usr/bin/env bash
# Shows that the web app installs, builds and passes its unit tests on Debian bookworm's own
# Node.js 18, the one scripts/install-deps installs on a plain Debian 12 machine, whatever
# Node.js this machine has itself. Nothing in the checkout is written.
#
# It downloads bookworm's nodejs 18 and its libnode with `apt-get download`, with the Debian
# JavaScript packages that Debian's Node.js loads some of its built-in modules from at run time
# (node-acorn, node-cjs-module-lexer, node-undici, found under /usr/share/nodejs), unpacks them
# into a temporary folder with `dpkg -x`, and then, with that node binary (LD_LIBRARY_PATH at the
# unpacked libnode), in a copy of web/:
#   npm ci with the npm version of bookworm's npm package (9.2.0, from the npm registry), which
#     must print no warning; every installed package's "engines" checked against Node.js 18;
#   npm run build (gen-data, the API types, tsc --noEmit, vite build, the size budget) and npm test
#     (the import-cycle check and vitest run);
#   with NODE18_E2E=1, the browser journey too (MSFIT_BIN, CHROMIUM as for e2e/journey.mjs).
# The unpacked /usr/share/nodejs is laid over the machine's /usr/share (overlayfs) in a private
# mount namespace, for these processes only: this needs root, or unprivileged user namespaces.
# On a machine whose own Node.js is 18 already, the suite ran on it: nothing more to do.
set -euo pipefail
cd "$(dirname "$0")/.."
web=$PWD

if [[ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" == 18 ]]; then
  echo "node18: this machine's own Node.js is $(node --version); the build and tests ran on it"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi

# The newest 18.x version of a package that apt knows of.
newest_18() {
  local best='' v
  for v in $(apt-cache show "$1" 2>/dev/null | sed -n 's/^Version: \(18\..*\)$/\1/p'); do
    if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  echo "$best"
}
version=$(newest_18 nodejs)
if [[ -z $version ]]; then
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  version=$(newest_18 nodejs)
fi
if [[ -z $version ]]; then
  echo "node18: apt knows of no nodejs 18.x package (Debian bookworm's is 18.20.4)" >&2
  exit 1
fi
libnode=$(apt-cache show "nodejs=$version" | sed -n 's/^Depends:.*\(libnode[0-9]\+\) (= .*/\1/p' | head -n1)
builtins=$(apt-cache show "$libnode=$version" | sed -n 's/^Depends: //p' | head -n1 | tr ',' '\n' |
  sed -n 's/^ *\(node-[a-z0-9.-]*\).*/\1/p' | paste -sd' ')
npm_version=$(apt-cache show npm 2>/dev/null | sed -n 's/^Version: \([0-9.]*\).*/\1/p' | sort -V | tail -n1)
npm_version=${npm_version:-9.2.0}

work=$(mktemp -d "${TMPDIR:-/tmp}/msfit-node18.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir "$work/debs" "$work/root" "$work/npm" "$work/repo" "$work/repo/web"
# apt downloads as its own user _apt where it can write.
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$work/debs"; fi
# shellcheck disable=SC2086 # $builtins is a list of package names
(cd "$work/debs" && apt-get download -q "nodejs=$version" "$libnode=$version" $builtins >/dev/null)
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done
libdir=$(dirname "$(find "$work/root" -name 'libnode.so.*' -print -quit)")
echo "node18: Debian's nodejs $version, $libnode and $builtins unpacked; npm $npm_version"

npm pack "npm@$npm_version" --pack-destination "$work" --silent >/dev/null
tar -xzf "$work/npm-$npm_version.tgz" -C "$work/npm"

# The copy of web/ beside the catalogue it builds its data from (../data, read only) and the
# OpenAPI document it generates its API types from (../src/http/openapi.json, read only).
tar -C "$web" --exclude=./node_modules --exclude=./dist --exclude=./public/data --exclude=./src/api-types.ts -cf - . | tar -C "$work/repo/web" -xf -
ln -s "$(cd "$web/../data" && pwd)" "$work/repo/data"
mkdir -p "$work/repo/src/http"
ln -s "$(cd "$web/../src/http" && pwd)/openapi.json" "$work/repo/src/http/openapi.json"
msfit_bin=""
if [[ "${NODE18_E2E:-0}" == 1 ]]; then msfit_bin=$(realpath -m "${MSFIT_BIN:-../build/dev/msfit}"); fi

# Runs the rest in a private mount namespace with the unpacked /usr/share/nodejs laid over
# /usr/share, with Debian's node 18 first on PATH.
namespace=(unshare --mount --propagation private)
if [[ $(id -u) -ne 0 ]]; then namespace=(unshare --user --map-root-user --mount --propagation private); fi
export NODE18_ROOT="$work/root" NODE18_LIB="$libdir" NODE18_NPM="$work/npm/package/bin/npm-cli.js"
export NODE18_WEB="$work/repo/web" NODE18_MSFIT="$msfit_bin"
# shellcheck disable=SC2016 # expanded by the inner shell
"${namespace[@]}" bash -euo pipefail -c '
  mount -t overlay msfit-node18 -o "lowerdir=$NODE18_ROOT/usr/share:/usr/share" /usr/share
  export PATH="$NODE18_ROOT/usr/bin:$PATH" LD_LIBRARY_PATH="$NODE18_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  npm() { node "$NODE18_NPM" "$@"; }
  cd "$NODE18_WEB"
  echo "node18: node $(node --version) at $(command -v node), npm $(npm --version)"
  npm ci --no-audit --no-fund --engine-strict 2>&1 | tee npm-ci.log
  if grep -qiE "warn|err" npm-ci.log; then echo "node18: npm ci printed warnings or errors" >&2; exit 1; fi
  node scripts/check-engines.mjs
  npm run build
  npm test
  if [[ -n $NODE18_MSFIT ]]; then MSFIT_BIN="$NODE18_MSFIT" timeout 900 node e2e/journey.mjs; fi
'
echo "node18: the web app installs, builds and passes its tests on Debian's Node.js $version"
