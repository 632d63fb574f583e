#!/usr/bin/env bash
# Build the Linux one-folder bundle (PyInstaller, packaging/nnviz.spec), strip it, check
# it, and package it as a .deb and a .tar.gz.
#
#   packaging/linux/build.sh            # → build/dist/nnviz/, build/nnviz_<ver>_<arch>.deb,
#                                       #   build/nnviz-<ver>-linux-<arch>.tar.gz
#
# Needs: the package installed with its packaging extra (python3 -m pip install -e
# '.[packaging]'), binutils (strip, readelf), dpkg-deb. Environment: PYTHON (python3),
# NNVIZ_BUILD_DIR (build), NNVIZ_MAX_MB (170: fail when the bundle is bigger).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
OUT=${NNVIZ_BUILD_DIR:-$ROOT/build}
MAX_MB=${NNVIZ_MAX_MB:-170}
say() { printf '\n== %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

for tool in strip readelf dpkg-deb; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install binutils dpkg)"
done
"$PYTHON" -c "import PyInstaller" 2>/dev/null \
  || die "PyInstaller is missing: $PYTHON -m pip install -e '.[packaging]'"

# The version has one source: the package metadata, written from pyproject.toml.
VERSION=$("$PYTHON" - <<'PY'
import re, sys
from importlib.metadata import version
text = open("pyproject.toml", encoding="utf-8").read()
declared = re.search(r'^\[project\][^\[]*?^version = "([^"]+)"', text, re.M | re.S)[1]
installed = version("nnviz")
if declared != installed:
    sys.exit(f"pyproject.toml says {declared} but the installed metadata says {installed}: "
             "reinstall with pip install -e '.[packaging]'")
print(installed)
PY
)
ARCH=$(dpkg --print-architecture)
say "nnviz $VERSION ($ARCH): PyInstaller bundle"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/pyinstaller" packaging/nnviz.spec
BUNDLE="$OUT/dist/nnviz"
[ -x "$BUNDLE/nnviz" ] || die "PyInstaller did not produce $BUNDLE/nnviz"

say "strip"
before=$(du -sb "$BUNDLE" | cut -f1)
# Shared libraries only: the nnviz executable carries its archive at its end, and
# numpy.libs (OpenBLAS, gfortran) is patched by auditwheel in ways strip can break.
find "$BUNDLE/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) \
  -not -path '*/numpy.libs/*' -exec strip --strip-unneeded {} +
after=$(du -sb "$BUNDLE" | cut -f1)
echo "stripped $(( (before - after) / 1048576 )) MB"

say "check"
"$PYTHON" packaging/linux/elfdeps.py check "$BUNDLE"
got=$(QT_QPA_PLATFORM=offscreen "$BUNDLE/nnviz" --version)
[ "$got" = "nnviz $VERSION" ] || die "the bundle says '$got', expected 'nnviz $VERSION'"
echo "$BUNDLE/nnviz --version: $got"
size_mb=$(( after / 1048576 ))
echo "bundle size: ${size_mb} MB uncompressed ($after bytes, $(find "$BUNDLE" -type f | wc -l) files)"
[ "$size_mb" -lt "$MAX_MB" ] || die "the bundle is ${size_mb} MB, over the ${MAX_MB} MB bar"

say ".deb"
DEPENDS=$("$PYTHON" packaging/linux/elfdeps.py depends "$BUNDLE")
STAGE="$OUT/deb/nnviz_${VERSION}_${ARCH}"
rm -rf "$STAGE"
install -d "$STAGE/DEBIAN" "$STAGE/usr/lib" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/nnviz"
cp -a "$BUNDLE" "$STAGE/usr/lib/nnviz"
install -m 755 packaging/linux/nnviz-launcher.sh "$STAGE/usr/bin/nnviz"
install -m 644 packaging/linux/io.github.nnviz.nnviz.desktop "$STAGE/usr/share/applications/"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%F)/" \
  packaging/linux/io.github.nnviz.nnviz.metainfo.xml \
  > "$STAGE/usr/share/metainfo/io.github.nnviz.nnviz.metainfo.xml"
install -m 644 packaging/linux/nnviz-mime.xml "$STAGE/usr/share/mime/packages/nnviz.xml"
for png in resources/icons/nnviz-*.png; do
  n=${png##*-}; n=${n%.png}
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${n}x${n}/apps/nnviz.png"
done
install -D -m 644 resources/icons/nnviz.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/nnviz.svg"
cat > "$STAGE/usr/share/doc/nnviz/copyright" <<TXT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: nnviz

Files: *
Copyright: the nnviz developers
License: MIT
Comment: /usr/lib/nnviz also carries Python, Qt (LGPL-3), PySide6 (LGPL-3), pyqtgraph
 (MIT) and NumPy (BSD-3-Clause) with their own licences.
TXT
chmod -R u=rwX,go=rX "$STAGE"
chmod 755 "$STAGE/usr/lib/nnviz/nnviz" "$STAGE/usr/bin/nnviz"
cat > "$STAGE/DEBIAN/control" <<TXT
Package: nnviz
Version: $VERSION
Architecture: $ARCH
Maintainer: The nnviz developers <nnviz@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: fonts-dejavu-core | fonts-liberation
Section: education
Priority: optional
Description: watch neural networks compute and learn, step by step
 nnviz draws a neural network as a graph and animates how it works with the
 real numbers: the signal flowing forward, the error flowing back, and every
 weight changing as it learns. Its scenarios follow the history of the field,
 from the McCulloch-Pitts neuron and the perceptron to XOR and backpropagation.
 .
 This package carries its own Python and Qt under /usr/lib/nnviz.
TXT
DEB="$OUT/nnviz_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "Depends: $DEPENDS"
echo "$DEB: $(( $(stat -c %s "$DEB") / 1048576 )) MB"

say ".tar.gz"
TARBALL="$OUT/nnviz-$VERSION-linux-$(uname -m).tar.gz"
tar -C "$OUT/dist" -czf "$TARBALL" nnviz
echo "$TARBALL: $(( $(stat -c %s "$TARBALL") / 1048576 )) MB"

say "done: bundle ${size_mb} MB in $BUNDLE; run packaging/linux/smoke.sh to test it"
