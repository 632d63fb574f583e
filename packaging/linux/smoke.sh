#!/usr/bin/env bash
# Smoke-test the built Linux installers, offscreen (no display needed):
#   1. the bundle: `nnviz --version`, `nnviz --check-helpers` (both helper processes start in
#      the frozen app and give the same pixels and weights as the app alone), then a
#      screenshot of every scenario, `--scenario xor` after some training steps (the start
#      page when xor is not registered yet);
#   2. the .deb, unpacked with dpkg-deb -x into a temporary root (not installed): its
#      /usr/bin/nnviz run the same way, its desktop file, AppStream data and icons checked.
# Each screenshot must be a real picture (packaging/check_png.py). Everything happens in a
# temporary folder that is removed at the end; nothing is installed or left behind.
#
#   packaging/linux/smoke.sh [BUNDLE_DIR [DEB]]   (default: build/dist/nnviz, build/nnviz_*.deb)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUNDLE=${1:-build/dist/nnviz}
DEB=${2:-$(ls -t build/nnviz_*.deb 2>/dev/null | head -n 1 || true)}
PYTHON=${PYTHON:-python3}
fail() { printf 'smoke: FAIL: %s\n' "$*" >&2; exit 1; }
[ -x "$BUNDLE/nnviz" ] || fail "no bundle at $BUNDLE (run packaging/linux/build.sh first)"
[ -n "$DEB" ] && [ -f "$DEB" ] || fail "no .deb found (run packaging/linux/build.sh first)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nnviz-smoke.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# keep the app's settings, caches and runtime files inside $TMP
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache" \
       XDG_DATA_HOME="$TMP/data" XDG_RUNTIME_DIR="$TMP/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
VERSION=$(dpkg-deb -f "$DEB" Version)

# run NAME BINARY ARGS…: run the app, fail on a non-zero exit or an error on stderr
run() {
  local name=$1; shift
  if ! "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; then
    cat "$TMP/$name.out" "$TMP/$name.err" >&2
    fail "$name: '$*' exited with an error"
  fi
  # the offscreen plugin says "does not support propagateSizeHints" for every window
  if grep -v 'This plugin does not support propagateSizeHints' "$TMP/$name.err" \
       | grep -Ei 'traceback|error|could not|cannot|failed|warning' >&2; then
    fail "$name: errors or warnings on stderr (above)"
  fi
}

# shot NAME BINARY SIZE ARGS…: screenshot, then check it is a real picture
shot() {
  local name=$1 app=$2 size=$3; shift 3
  run "$name" "$app" "$@" --size "$size" --screenshot "$TMP/$name.png"
  "$PYTHON" packaging/check_png.py "$TMP/$name.png" "$size" || fail "$name: bad screenshot"
}

check_version() {
  run "$1-version" "$2" --version
  [ "$(cat "$TMP/$1-version.out")" = "nnviz $VERSION" ] \
    || fail "$1: --version says '$(cat "$TMP/$1-version.out")', the .deb says $VERSION"
  echo "$1: $(cat "$TMP/$1-version.out")"
}

# the scenario to show: xor once it exists (decided from the app's own list)
main_args() {
  if "$1" --list-scenarios | grep -qx xor; then
    echo "--scenario xor --steps 200"
  else
    echo "smoke: xor is not registered yet; using the start page" >&2
  fi
}

echo "== bundle $BUNDLE"
check_version bundle "$BUNDLE/nnviz"
run bundle-helpers "$BUNDLE/nnviz" --check-helpers
sed 's/^/bundle: /' "$TMP/bundle-helpers.out"
# shellcheck disable=SC2046
shot bundle-main "$BUNDLE/nnviz" 1600x1000 $(main_args "$BUNDLE/nnviz")
for name in $("$BUNDLE/nnviz" --list-scenarios); do     # every scenario imports and draws
  shot "bundle-$name" "$BUNDLE/nnviz" 1280x800 --scenario "$name" --steps 20
done

echo "== .deb $DEB (unpacked, not installed)"
dpkg-deb -x "$DEB" "$TMP/root"
APP="$TMP/root/usr/bin/nnviz"
[ -x "$APP" ] || fail ".deb has no executable /usr/bin/nnviz"
check_version deb "$APP"
run deb-helpers "$APP" --check-helpers
sed 's/^/deb: /' "$TMP/deb-helpers.out"
# shellcheck disable=SC2046
shot deb-main "$APP" 1600x1000 $(main_args "$APP")
share="$TMP/root/usr/share"
for n in 16 32 48 64 128 256; do
  [ -s "$share/icons/hicolor/${n}x$n/apps/nnviz.png" ] || fail ".deb lacks the ${n}px icon"
done
[ -s "$share/icons/hicolor/scalable/apps/nnviz.svg" ] || fail ".deb lacks the scalable icon"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/io.github.nnviz.nnviz.desktop" \
    || fail "desktop file does not validate"
  echo "deb: desktop file valid"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic \
    "$share/metainfo/io.github.nnviz.nnviz.metainfo.xml" >/dev/null \
    || fail "AppStream metainfo does not validate"
  echo "deb: AppStream metainfo valid"
fi
echo "smoke: OK (nnviz $VERSION: bundle and .deb)"
