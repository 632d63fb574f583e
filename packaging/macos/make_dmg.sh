#!/usr/bin/env bash
# Pack nnviz.app into a compressed .dmg with an Applications shortcut (drag to install).
#   packaging/macos/make_dmg.sh dist/nnviz.app dist/nnviz-<version>-macos-<arch>.dmg
set -euo pipefail
app=${1:?usage: make_dmg.sh APP DMG}
dmg=${2:?usage: make_dmg.sh APP DMG}
[ -d "$app" ] || { echo "make_dmg.sh: no app at $app" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname nnviz -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
echo "$dmg: $(du -h "$dmg" | cut -f1)"
