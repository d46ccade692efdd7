#!/usr/bin/env bash
# Every benchmark in one run, each comparing twin with the peer tools people use today and printing
# the ratios:
#   validate.sh  twin validate vs an ffprobe + identify loop, and --deep vs ffmpeg -f null
#   faces.sh     twin validate with the face and pose checks vs without, per 12 MP photo and per session
#   identity.sh  the identity checks (a face descriptor per face) on vs off, per photo and per session
#   publish.sh   twin publish vs curl -T to a local nginx (1 GiB; SIZE_MIB=… to change)
#   batch.sh     twin batch throughput through the sandbox (sessions per second)
#   voice.sh     the voice check vs pocketsphinx_continuous, and its CPU time per second of audio
#   speaking.sh  the speaking check on vs off on a 60 s 1080x1920 HEVC talking video (budget: +1.5 s of CPU)
#   report.sh    twin validate with --report FILE.html vs without (target: at most +10% of CPU)
#   startup.sh   twin --version vs a C program linking the same libraries (target: at most 60 ms)
#   session.sh   last, the one table: the real-size spoken session with every check on, without the voice
#                check, wrapper only, and 20 small sessions; twin vs the peer pipeline on 1 and 2 cores,
#                wall, CPU and peak memory
# The release binary is built once into .build-release/ and shared by all ten; it is built as the Debian
# package ships it (Swift runtime linked statically), so scripts/package-deb.sh reuses the same build.
set -euo pipefail
cd "$(dirname "$0")/.."
export TWIN="${TWIN:-.build-release/release/twin}"
if [ ! -x "$TWIN" ]; then
  echo "building twin (release, once)…" >&2
  swift build -c release --static-swift-stdlib --product twin --scratch-path .build-release >&2
fi
for bench in validate faces identity publish batch voice speaking report startup session; do
  echo
  echo "=== benchmarks/$bench.sh"
  bash "benchmarks/$bench.sh"
done
