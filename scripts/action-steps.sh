#!/usr/bin/env bash
# The shell steps of the GitHub Action (action.yml), in one file so they can run outside GitHub too (ActionTests
# runs them with the GITHUB_* variables set).
#
#   action-steps.sh cache-key     writes key= and restore-prefix= to $GITHUB_OUTPUT: the release build's cache key,
#                                 from Package.resolved (when present), the Swift version and a hash of Sources/
#   action-steps.sh build         the release build (static Swift runtime) in $GITHUB_ACTION_PATH/.build-release,
#                                 the folder the cache keeps; writes TWIN_EXECUTABLE= to $GITHUB_ENV
#   action-steps.sh install-deb   downloads $TWIN_DEB_URL and installs it with apt (which resolves its Depends);
#                                 writes TWIN_EXECUTABLE=/usr/bin/twin to $GITHUB_ENV
set -euo pipefail
root=${GITHUB_ACTION_PATH:?set by GitHub: the folder of the action}

hash_of() { sha256sum | cut -c1-16; }

case "${1:-}" in
  cache-key)
    cd "$root"
    swift_version=$(swift --version 2>/dev/null | head -n 1 | hash_of)
    if [ -f Package.resolved ]; then resolved=$(hash_of < Package.resolved); else resolved=none; fi
    sources=$(find Sources Package.swift -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | hash_of)
    prefix="twin-release-${RUNNER_OS:-Linux}-swift-$swift_version-resolved-$resolved-"
    echo "key=${prefix}sources-$sources" >> "${GITHUB_OUTPUT:?set by GitHub}"
    echo "restore-prefix=$prefix" >> "$GITHUB_OUTPUT"
    ;;
  build)
    swift build -c release --static-swift-stdlib --package-path "$root" --scratch-path "$root/.build-release" --product twin
    echo "TWIN_EXECUTABLE=$root/.build-release/release/twin" >> "${GITHUB_ENV:?set by GitHub}"
    ;;
  install-deb)
    deb="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/twin-preflight.deb"
    curl --fail --silent --show-error --location --max-time 600 --output "$deb" "${TWIN_DEB_URL:?the deb-url input}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
    echo "TWIN_EXECUTABLE=/usr/bin/twin" >> "${GITHUB_ENV:?set by GitHub}"
    ;;
  *)
    echo "usage: $0 cache-key | build | install-deb" >&2
    exit 2
    ;;
esac
