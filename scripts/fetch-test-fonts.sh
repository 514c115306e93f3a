#!/usr/bin/env bash
# Fonts that only the tests use, from Debian's archive, unpacked into .cache/test-fonts/
# and not installed: fontconfig never sees them, so tests that need a machine without
# Chinese fonts still have one. The tests' global setup runs this when they are missing;
# where it cannot (no apt-get), the tests that need them are skipped and say so.
#   HanaMinB.ttf                CJK Extension B (𠀀 𪚥), the fallback-chain tests
#   NotoSerifCJK-Regular.ttc    a font collection, for choosing a face by index
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/test-fonts
[ -f "$dest/HanaMinB.ttf" ] && [ -f "$dest/NotoSerifCJK-Regular.ttc" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"
( cd "$work" && apt-get download fonts-hanazono fonts-noto-cjk >/dev/null 2>&1 ) || {
  apt-get update -qq && ( cd "$work" && apt-get download fonts-hanazono fonts-noto-cjk >/dev/null )
}
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/unpacked"; done
cp "$work/unpacked/usr/share/fonts/truetype/hanazono/HanaMinB.ttf" "$dest/"
cp "$work/unpacked/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc" "$dest/"
echo "test fonts in $dest: $(ls "$dest" | tr '\n' ' ')"
