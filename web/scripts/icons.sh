#!/usr/bin/env bash
# Draws the app's PNG icons from public/icon.svg; the PNGs are committed, so this runs only when
# the artwork changes. Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
#   public/icon-192.png, public/icon-512.png   the icon as drawn (rounded corners), "any"
#   public/icon-maskable-512.png               full-bleed square for Android's masks ("maskable"):
#                                              the glyph lies within the central 80 % safe zone
#   public/apple-touch-icon.png (180x180)      full-bleed too: iOS rounds the corners itself
# Usage: scripts/icons.sh (from web/).
set -euo pipefail
cd "$(dirname "$0")/../public"
command -v rsvg-convert >/dev/null || { echo "icons.sh: needs rsvg-convert (librsvg2-bin)" >&2; exit 1; }

# The full-bleed variant: the same drawing without the rounded corners of its background.
square=$(mktemp --suffix=.svg)
trap 'rm -f "$square"' EXIT
sed 's/ rx="[0-9.]*"//' icon.svg >"$square"
grep -q ' rx=' "$square" && { echo "icons.sh: could not square the background" >&2; exit 1; }

rsvg-convert -w 192 -h 192 icon.svg -o icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o icon-512.png
rsvg-convert -w 512 -h 512 "$square" -o icon-maskable-512.png
rsvg-convert -w 180 -h 180 "$square" -o apple-touch-icon.png
ls -l icon-192.png icon-512.png icon-maskable-512.png apple-touch-icon.png
