#!/usr/bin/env bash
# Builds twin-preflight_<version>_amd64.deb from a release build of twin, with the Swift runtime linked
# statically (no Swift toolchain needed to run it).
#
#   bash scripts/package-deb.sh [OUTPUT_DIR]        (default: .build-release/deb)
#
# - The version is the binary's own (`twin --version`, written once in Sources/TwinDoctor/TwinVersion.swift).
# - Depends comes from the binary's real links (dpkg-shlibdeps), plus the two model packages twin loads
#   at run time (pocketsphinx-en-us, libdlib-data), which no link shows.
# - It installs /usr/bin/twin, a man page per subcommand (swift-argument-parser's generate-manual), bash,
#   zsh and fish completions (--generate-completion-script), the README and its docs/ pages, and the models' licences.
# - Models only PyPI ships (the identity model) stay outside the package: `twin doctor` says how to get them.
#
# The release build goes to .build-release (TWIN_RELEASE_SCRATCH overrides it), so the package tests and CI build
# it once; a second run with nothing changed only repackages. Needs swift and dpkg-dev (dpkg-shlibdeps, dpkg-deb);
# no fakeroot: dpkg-deb --root-owner-group makes every file root's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=${TWIN_RELEASE_SCRATCH:-$root/.build-release}
out=$(realpath -m "${1:-$scratch/deb}")

echo "package-deb: release build (static Swift runtime) in $scratch"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product twin >&2
binary="$scratch/release/twin"
version=$("$binary" --version)
case "$version" in
  [0-9]*.[0-9]*) ;;
  *) echo "package-deb: twin --version printed '$version', not a version" >&2; exit 1 ;;
esac

# swift-argument-parser's man page generator, built once from the checkout the package resolved.
manual_tool="$scratch/generate-manual/release/generate-manual"
if [ ! -x "$manual_tool" ]; then
  echo "package-deb: building generate-manual"
  swift build -c release --package-path "$scratch/checkouts/swift-argument-parser" \
    --scratch-path "$scratch/generate-manual" --product generate-manual >&2
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/twin-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg="$stage/twin-preflight"
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/man/man1" "$pkg/usr/share/doc/twin-preflight/models" \
  "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" "$pkg/usr/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$pkg/usr/bin/twin"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/twin"

mkdir -p "$stage/man"
"$manual_tool" "$pkg/usr/bin/twin" --multi-page --section 1 --output-directory "$stage/man" >&2
# generate-manual names pages twin.validate.1; man finds subcommands as twin-validate (as git's pages do).
for page in "$stage"/man/*.1; do
  name=$(basename "$page" .1)
  # mdoc: the title and NAME as the page is named (twin-validate, for whatis and lintian), the synopsis as the
  # command is typed (twin validate), and no blank lines (mdoc warns on each).
  perl -ne 'next if /^\s*$/;
    if (/^\.Dt (\S+)(.*)$/) { (my $title = $1) =~ tr/./-/; $_ = ".Dt $title$2\n" }
    if (!$named && /^\.Nm "(.+)"$/) { $command = $1; (my $page = $1) =~ tr/ /-/; $_ = ".Nm $page\n"; $named = 1 }
    elsif ($named && /^\.Nm$/) { $_ = ".Nm \"$command\"\n" }
    print' "$page" | gzip -9n > "$pkg/usr/share/man/man1/${name//./-}.1.gz"
done
[ -f "$pkg/usr/share/man/man1/twin-validate.1.gz" ] || { echo "package-deb: no twin-validate man page" >&2; exit 1; }

# Completions are sourced, not run: no #! line.
"$pkg/usr/bin/twin" --generate-completion-script bash | sed '1{/^#!/d}' > "$pkg/usr/share/bash-completion/completions/twin"
"$pkg/usr/bin/twin" --generate-completion-script zsh > "$pkg/usr/share/zsh/vendor-completions/_twin"
"$pkg/usr/bin/twin" --generate-completion-script fish > "$pkg/usr/share/fish/vendor_completions.d/twin.fish"

doc="$pkg/usr/share/doc/twin-preflight"
gzip -9n < README.md > "$doc/README.md.gz"
install -d "$doc/docs"
for page in docs/*.md; do gzip -9n < "$page" > "$doc/docs/$(basename "$page").gz"; done
cat > "$doc/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: twin-preflight
Comment: twin links the Swift runtime and these Swift packages statically: swift-argument-parser, swift-log,
 swift-crypto, swift-nio, async-http-client, hummingbird (Apache-2.0), GRDB.swift and TOMLKit (MIT).
 The models twin loads come from other Debian packages; their licences are in models/ here. dlib's
 68-point landmark model is trained on the iBUG 300-W data set, whose images are licensed for research
 only: check models/libdlib-data.copyright before commercial use.

Files: *
Copyright: 2026 the twin-preflight authors
License: see README.md.gz
EOF
maintainer="twin-preflight maintainers <twin-preflight@users.noreply.github.com>"
# A native package's changelog: one entry for this version.
printf 'twin-preflight (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' "$version" "$version" \
  "$maintainer" "$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")" \
  | gzip -9n > "$doc/changelog.gz"
for package in pocketsphinx-en-us libdlib-data; do
  if [ -f "/usr/share/doc/$package/copyright" ]; then
    install -m 0644 "/usr/share/doc/$package/copyright" "$doc/models/$package.copyright"
  else
    echo "package-deb: /usr/share/doc/$package/copyright is missing (install $package)" >&2; exit 1
  fi
done

# Depends from the binary's real links. dpkg-shlibdeps wants a debian/control beside it.
# The Swift packages twin links statically vendor zlib (swift-nio-extras' CNIOExtrasZlib, for HTTP compression):
# it is inside the binary, not taken from zlib1g.
install -d "$pkg/usr/share/lintian/overrides"
printf '%s\n' '# swift-nio-extras (linked statically) vendors zlib as CNIOExtrasZlib.' \
  'twin-preflight: embedded-library zlib [usr/bin/twin]' > "$pkg/usr/share/lintian/overrides/twin-preflight"

install -d "$stage/src/debian"
printf 'Source: twin-preflight\n\nPackage: twin-preflight\nArchitecture: amd64\n' > "$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O -e"$pkg/usr/bin/twin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
depends="$shlibs, pocketsphinx-en-us, libdlib-data"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<EOF
Package: twin-preflight
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Section: video
Priority: optional
Homepage: https://github.com/twin-preflight/twin-preflight
Description: validate, publish and submit recorded sessions to the Captions AI Twin API
 twin checks a session's vertical video and calibration photos the way the
 AI Twin API judges them (FFmpeg, libjpeg, libpng, PocketSphinx, libebur128,
 dlib), maps the photos into the pose order, publishes them to S3, WebDAV or
 a served folder, and calls the API. 'twin doctor' checks the libraries,
 models, API key and publish target up front.
EOF
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg/usr/share" -type f -exec chmod 0644 {} +

mkdir -p "$out"
deb="$out/twin-preflight_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
echo "$deb"
