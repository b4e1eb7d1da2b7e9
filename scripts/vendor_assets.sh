#!/usr/bin/env bash
# Re-vendor the front-end assets the dashboard serves itself (no CDN, ever).
#
# This file is the ONE place where vendored versions are recorded. To upgrade, change a
# version AND its integrity below (take the integrity from `npm view <pkg>@<ver> dist.integrity`),
# run `bash scripts/vendor_assets.sh`, review the diff and commit the result, including the
# regenerated dashboard/static/vendor/VERSIONS.md.
#
# Needs: npm (only to run this script; the app and CI need no Node), perl, gzip.
# Idempotent: every run deletes and rewrites the vendored folders from the pinned tarballs.
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
GOVUK_FRONTEND_INTEGRITY="sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg=="

PLOTLY_BASIC_VERSION="4.1.1"
PLOTLY_BASIC_INTEGRITY="sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ=="

AXE_CORE_VERSION="4.14.1"
AXE_CORE_INTEGRITY="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/dashboard/static/vendor"
GOVUK_DIR="$VENDOR/govuk-frontend"
PLOTLY_DIR="$VENDOR/plotly"
AXE_DIR="$ROOT/tests/browser/vendor"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

die() { echo "vendor_assets.sh: $*" >&2; exit 1; }

# fetch NAME VERSION INTEGRITY -> unpacks the tarball into $WORK/NAME/package
fetch() {
    local name="$1" version="$2" integrity="$3" tgz actual
    mkdir -p "$WORK/$name"
    tgz="$(cd "$WORK/$name" && npm pack --silent "$name@$version" 2>/dev/null | tail -n 1)"
    [ -f "$WORK/$name/$tgz" ] || die "npm pack $name@$version produced no tarball"
    actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$name/$tgz" | base64 -w 0)"
    [ "$actual" = "$integrity" ] || die "$name@$version integrity mismatch: got $actual, pinned $integrity"
    tar -xzf "$WORK/$name/$tgz" -C "$WORK/$name"
}

# must_match FILE PERL_REGEX MESSAGE: fail if the upstream file no longer has what we rewrite.
must_match() { perl -0777 -ne "exit(/$2/ ? 0 : 1)" "$1" || die "$3"; }
# must_not_match FILE PERL_REGEX MESSAGE: fail if a transformation left something behind.
must_not_match() { perl -0777 -ne "exit(/$2/ ? 1 : 0)" "$1" || die "$3"; }

strip_js_source_map() {  # //# sourceMappingURL=... (at the end of a minified file)
    perl -0777 -pi -e 's#\n?//\# sourceMappingURL=\S+\s*\z#\n#' "$1"
    must_not_match "$1" 'sourceMappingURL=' "sourceMappingURL left in $1"
}

# --- GOV.UK Frontend ----------------------------------------------------------------------
fetch govuk-frontend "$GOVUK_FRONTEND_VERSION" "$GOVUK_FRONTEND_INTEGRITY"
SRC="$WORK/govuk-frontend/package/dist/govuk"
rm -rf "$GOVUK_DIR"
mkdir -p "$GOVUK_DIR/assets"
cp "$SRC/govuk-frontend.min.css" "$SRC/govuk-frontend.min.js" "$GOVUK_DIR/"
cp -R "$SRC/assets/images" "$GOVUK_DIR/assets/images"
cp "$SRC/assets/manifest.json" "$GOVUK_DIR/assets/manifest.json"
if [ -d "$SRC/assets/rebrand" ]; then cp -R "$SRC/assets/rebrand" "$GOVUK_DIR/assets/rebrand"; fi
# assets/fonts is deliberately NOT copied: GDS Transport is licensed for gov.uk domains only.

CSS="$GOVUK_DIR/govuk-frontend.min.css"
must_match "$CSS" '\@font-face\{font-family:GDS Transport;' "no GDS Transport @font-face in upstream CSS: review the transformations"
must_match "$CSS" 'url\(\/assets\/' "no url(/assets/ in upstream CSS: review the transformations"
perl -0777 -pi -e '
    s#/\*!\s*Copyright \(c\) 2011 by Margaret Calvert[^*]*\*/##g;   # the font licence banner
    s#\@font-face\{font-family:"?GDS Transport"?;[^}]*\}##g;         # the GDS Transport faces
    s#url\(/assets/#url(assets/#g;                                   # root-relative -> relative
    s#\n?/\*\# sourceMappingURL=[^*]*\*/\s*\z#\n#;                   # source map comment
' "$CSS"
must_not_match "$CSS" '\@font-face' "@font-face left in $CSS"
must_not_match "$CSS" 'assets\/fonts' "font URL left in $CSS"
must_not_match "$CSS" 'url\(\/' "root-relative url( left in $CSS"
must_not_match "$CSS" 'sourceMappingURL=' "sourceMappingURL left in $CSS"
strip_js_source_map "$GOVUK_DIR/govuk-frontend.min.js"

# --- plotly.js basic bundle -----------------------------------------------------------------
fetch plotly.js-basic-dist-min "$PLOTLY_BASIC_VERSION" "$PLOTLY_BASIC_INTEGRITY"
rm -rf "$PLOTLY_DIR"
mkdir -p "$PLOTLY_DIR"
cp "$WORK/plotly.js-basic-dist-min/package/plotly-basic.min.js" "$PLOTLY_DIR/plotly-basic.min.js"
cp "$WORK/plotly.js-basic-dist-min/package/LICENSE" "$PLOTLY_DIR/LICENSE.txt"
strip_js_source_map "$PLOTLY_DIR/plotly-basic.min.js"

# --- axe-core (test-only: tests/browser) ----------------------------------------------------
fetch axe-core "$AXE_CORE_VERSION" "$AXE_CORE_INTEGRITY"
rm -rf "$AXE_DIR"
mkdir -p "$AXE_DIR"
cp "$WORK/axe-core/package/axe.min.js" "$AXE_DIR/axe.min.js"
cp "$WORK/axe-core/package/LICENSE" "$AXE_DIR/LICENSE.txt"
strip_js_source_map "$AXE_DIR/axe.min.js"

# --- VERSIONS.md ------------------------------------------------------------------------------
size() { local raw gz; raw=$(wc -c <"$1"); gz=$(gzip -9 -c "$1" | wc -c); echo "$raw bytes raw, $gz bytes gzip -9"; }
rel() { echo "${1#"$ROOT"/}"; }

cat >"$VENDOR/VERSIONS.md" <<EOF
# Vendored front-end assets

Generated by \`scripts/vendor_assets.sh\` — do not edit by hand. The versions and the npm
tarball integrities are pinned at the top of that script (the one place they are recorded);
the script refuses a tarball whose sha512 differs. Re-run it to reproduce these files exactly.
Nothing here is fetched from a CDN at run time: the app serves every file itself.

| package | version | licence | npm tarball integrity |
|---|---|---|---|
| govuk-frontend | $GOVUK_FRONTEND_VERSION | MIT (code); Crown copyright / OGL v3.0 (images) | \`$GOVUK_FRONTEND_INTEGRITY\` |
| plotly.js-basic-dist-min | $PLOTLY_BASIC_VERSION | MIT (\`plotly/LICENSE.txt\`) | \`$PLOTLY_BASIC_INTEGRITY\` |
| axe-core (tests only) | $AXE_CORE_VERSION | MPL-2.0 (\`tests/browser/vendor/LICENSE.txt\`) | \`$AXE_CORE_INTEGRITY\` |

## govuk-frontend $GOVUK_FRONTEND_VERSION → \`dashboard/static/vendor/govuk-frontend/\`

From \`dist/govuk/\` in the tarball:

- \`govuk-frontend.min.css\` ($(size "$GOVUK_DIR/govuk-frontend.min.css")), transformed:
  1. the GDS Transport \`@font-face\` rules and their font-licence banner comment are removed:
     the typeface is licensed for use on gov.uk domains only, so text falls back to the next
     family in every GOV.UK font stack, Arial (\`"GDS Transport", arial, sans-serif\`);
  2. \`url(/assets/\` is rewritten to \`url(assets/\` so the images resolve next to the CSS file
     under any STATIC_URL and survive \`collectstatic\` with a manifest storage;
  3. the \`/*# sourceMappingURL=… */\` comment is stripped (the \`.map\` is not shipped, and
     manifest storage would fail on the missing file).
- \`govuk-frontend.min.js\` ($(size "$GOVUK_DIR/govuk-frontend.min.js")), an ES module
  (\`import {initAll} from …\`): the \`//# sourceMappingURL=…\` comment is stripped.
- \`assets/images/\` and \`assets/manifest.json\`: copied unchanged
  (\`assets/rebrand/\` too when a release ships one; $GOVUK_FRONTEND_VERSION does not).
- \`assets/fonts/\` is **not** copied (see 1.).

## plotly.js-basic-dist-min $PLOTLY_BASIC_VERSION → \`dashboard/static/vendor/plotly/\`

- \`plotly-basic.min.js\` ($(size "$PLOTLY_DIR/plotly-basic.min.js")): the partial bundle with
  bar, scatter and pie traces (error bars included); any \`//# sourceMappingURL=…\` comment is
  stripped (this release has none, so the file is byte-identical to the tarball's).
  It uses no \`eval\`/\`new Function\`, so it runs under a CSP without 'unsafe-eval'.
- \`LICENSE.txt\`: the package's LICENSE, unchanged.

## axe-core $AXE_CORE_VERSION → \`tests/browser/vendor/\` (test-only, never served)

- \`axe.min.js\` ($(size "$AXE_DIR/axe.min.js")): unchanged apart from stripping any
  \`sourceMappingURL\` comment (this release has none). Injected by the browser tests.
- \`LICENSE.txt\`: the package's LICENSE, unchanged.
EOF

echo "Vendored:"
for f in "$GOVUK_DIR/govuk-frontend.min.css" "$GOVUK_DIR/govuk-frontend.min.js" \
         "$PLOTLY_DIR/plotly-basic.min.js" "$AXE_DIR/axe.min.js"; do
    echo "  $(rel "$f"): $(size "$f")"
done
echo "  $(rel "$VENDOR/VERSIONS.md")"
