#!/usr/bin/env bash
# Vendors the few files of the State design system (DSFR, npm package @gouvfr/dsfr)
# that the public pages use into assets/dsfr/, so that a build never needs npm (A2).
#
# Run it again after changing DSFR_VERSION or ICONS, then commit assets/dsfr/.
#
#   scripts/vendor-dsfr.sh
#
# What is copied, from the package's dist/ folder:
# - dsfr.min.css, with its woff fallbacks and source-map comment removed: every browser
#   that runs the module script reads woff2, and the .woff files would double the size;
# - every file that the CSS still references with a relative url(): the Marianne and
#   Spectral woff2 fonts and the icon SVGs of the core components;
# - icons.subset.css: the mask rules of the utility icons listed in ICONS (the full
#   utility/icons/icons.min.css weighs 350 kB for some 1,500 icons), with their SVGs;
# - dsfr.module.min.js and dsfr.nomodule.min.js (progressive enhancement only);
# - the favicon (SVG, ICO, Apple touch icon), LICENSE.md and a VERSION file.
set -euo pipefail

DSFR_VERSION=1.15.3

# Utility icon classes used in templates/ (fr-icon-NAME). Add a name here when a template
# starts using a new one; the script fails if the name does not exist in this version.
ICONS=(
  calendar-line
  calendar-event-line
  time-line
  map-pin-2-line
  mail-line
  rss-line
  chat-3-line
  team-line
  external-link-line
  arrow-right-line
  download-line
  user-add-line
)

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/assets/dsfr"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@gouvfr/dsfr@$DSFR_VERSION" >/dev/null)
tar -xzf "$work"/gouvfr-dsfr-"$DSFR_VERSION".tgz -C "$work"
pkg="$work/package"
dist="$pkg/dist"

rm -rf "$dest"
mkdir -p "$dest/favicon" "$dest/utility/icons"

# Drop the woff fallbacks and the source-map comment; keep everything else byte for byte.
sed -E \
  -e 's#,url\(fonts/[A-Za-z_-]+\.woff\) format\("woff"\)##g' \
  -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$dist/dsfr.min.css" >"$dest/dsfr.min.css"

# Copies one file referenced relative to a CSS file, failing loudly if the package lacks it.
copy_ref() {
  local from_dir="$1" to_dir="$2" ref="$3"
  local src="$from_dir/$ref"
  if [[ ! -f "$src" ]]; then
    echo "vendor-dsfr: $ref is referenced but missing from the package" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$to_dir/$ref")"
  cp "$src" "$to_dir/$ref"
}

# Every relative url() left in the core CSS (data: URIs excluded).
grep -oE 'url\([^)]+\)' "$dest/dsfr.min.css" \
  | sed -E 's/^url\((.*)\)$/\1/; s/^["'\'']//; s/["'\'']$//' \
  | grep -vE '^(data:|https?:|/|#)' \
  | sort -u \
  | while read -r ref; do copy_ref "$dist" "$dest" "$ref"; done

# The mask-image rules of the listed utility icons, from the full utility stylesheet.
# The stylesheet lives in utility/icons/, so its url(../../icons/...) paths stay valid.
icons_css="$dist/utility/icons/icons.min.css"
{
  printf '/*! DSFR v%s utility icons, subset for rencontres | SPDX-License-Identifier: Etalab-2.0 */\n' "$DSFR_VERSION"
  for icon in "${ICONS[@]}"; do
    rule="$(grep -oE "\.fr-icon-$icon:after,\.fr-icon-$icon:before\{-webkit-mask-image:url\([^)]+\);mask-image:url\([^)]+\)\}" "$icons_css" | head -n 1 || true)"
    if [[ -z "$rule" ]]; then
      echo "vendor-dsfr: no utility icon named $icon in DSFR $DSFR_VERSION" >&2
      exit 1
    fi
    printf '%s\n' "$rule"
  done
} >"$dest/utility/icons/icons.subset.css"
grep -oE 'url\([^)]+\)' "$dest/utility/icons/icons.subset.css" \
  | sed -E 's/^url\((.*)\)$/\1/' \
  | sort -u \
  | while read -r ref; do
      # ../../icons/x/y.svg seen from utility/icons/ is icons/x/y.svg under dist/.
      copy_ref "$dist/utility/icons" "$dest/utility/icons" "$ref"
    done

for js in dsfr.module.min.js dsfr.nomodule.min.js; do
  sed -e '/^\/\/# sourceMappingURL=/d' "$dist/$js" >"$dest/$js"
done

cp "$dist/favicon/favicon.svg" "$dist/favicon/favicon.ico" "$dist/favicon/apple-touch-icon.png" "$dest/favicon/"
cp "$pkg/LICENSE.md" "$dest/LICENSE.md"
printf '%s\n' "$DSFR_VERSION" >"$dest/VERSION"

# Every relative url() of every vendored stylesheet must resolve to a vendored file.
status=0
while IFS= read -r css; do
  dir="$(dirname "$css")"
  while IFS= read -r ref; do
    [[ -f "$dir/$ref" ]] || { echo "vendor-dsfr: $css references missing $ref" >&2; status=1; }
  done < <(grep -oE 'url\([^)]+\)' "$css" \
    | sed -E 's/^url\((.*)\)$/\1/; s/^["'\'']//; s/["'\'']$//' \
    | grep -vE '^(data:|https?:|/|#)' | sort -u)
done < <(find "$dest" -name '*.css')
[[ $status -eq 0 ]] || exit 1

echo "vendor-dsfr: DSFR $DSFR_VERSION in ${dest#"$root"/} ($(du -sh "$dest" | cut -f1))"
