#!/bin/sh
# Render the examples with `vanban render` and turn their pages into the PNGs of docs/rendering.md.
# Needs LibreOffice, its fonts and poppler (Debian: apt-get install -y libreoffice-writer-nogui fonts-liberation
# poppler-utils).
# Not used by the tests. Usage: sh docs/make_pictures.sh   (VANBAN=... to use another vanban binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
vanban=${VANBAN:-$root/.venv/bin/vanban}
out=$here/pictures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$vanban" render "$root/examples/minimal.json" -o "$tmp/state-cong-van.docx"
"$vanban" render "$root/examples/quyet-dinh.json" -o "$tmp/state-quyet-dinh.docx"
"$vanban" render "$root/examples/bao-cao-85-BC-BTGTU.txt" -o "$tmp/party-bao-cao.docx"
# the same seed through the JSON path: parse to JSON, render the JSON (footnotes stay at their marks)
"$vanban" parse --format json "$root/examples/bao-cao-85-BC-BTGTU.txt" > "$tmp/seed.json"
"$vanban" render "$tmp/seed.json" -o "$tmp/party-bao-cao-json.docx"

# a private LibreOffice profile, so a running office or a first-start dialog cannot interfere
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" \
    "$tmp/state-cong-van.docx" "$tmp/state-quyet-dinh.docx" "$tmp/party-bao-cao.docx" \
    "$tmp/party-bao-cao-json.docx" >/dev/null

mkdir -p "$out"
rm -f "$out"/*.png
for pdf in "$tmp"/*.pdf; do
    name=$(basename "$pdf" .pdf)
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    echo "$name: $pages page(s)"
    # every page at 60 dpi (about 500 x 700 px): enough to judge the layout, small in git
    pdftoppm -png -r 60 "$pdf" "$out/$name"
done
ls -l "$out"
