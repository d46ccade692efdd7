#!/usr/bin/env bash
# What the identity checks (a face descriptor per face, dlib's ResNet) cost, measured against the same runs with
# the face-recognition model pointed at a missing file (every other face check still on):
#
#   bash benchmarks/identity.sh         # builds the release binary if needed (RUNS=N, default 3; TWIN=... another)
#
#   1. one 12 MP photo with a face: the model's one-time load plus one descriptor
#   2. eight 12 MP photos: the load plus eight descriptors; (2 - 1) / 7 is a descriptor's cost
#      (target: at most 40 ms of CPU more per photo with a face)
#   3. one session's media: a 60 s 1080x1920 video (three analysed frames) + the eight photos
#      (target: at most 0.3 s more)
# It also prints which BLAS the binary loads: dlib's convolutions run on it (OpenBLAS ~15-20 ms a descriptor, the
# reference BLAS ~200 ms). Media comes from benchmarks/faces.sh (generated into benchmarks/out/faces/ once).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh
faces=benchmarks/out/faces
if [ ! -f "$faces/session/photo-8.jpg" ]; then
  echo "generating the media with benchmarks/faces.sh…" >&2
  RUNS=1 bash benchmarks/faces.sh >/dev/null
fi
out=benchmarks/out/identity
mkdir -p "$out"
printf '[faces]\nenabled = true\n' > "$out/on.toml"
printf '[faces]\nenabled = true\nidentity-model = "%s/missing.dat"\n' "$PWD/$out" > "$out/off.toml"

blas="$(LD_DEBUG=libs "$twin" validate --no-voice-check --profile "$out/on.toml" "$faces/one-face/photo.jpg" 2>&1 \
  | grep -o 'calling init: [^ ]*blas[^ ]*' | head -1 | sed 's/calling init: //')"
echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "BLAS loaded: ${blas:-unknown} -> $(readlink -f "${blas:-/dev/null}")"
pair() { # label, then the paths: "off on" medians
  local label=$1; shift
  local off on
  off="$(measure "$twin" validate --no-voice-check --profile "$out/off.toml" "$@")"
  on="$(measure "$twin" validate --no-voice-check --profile "$out/on.toml" "$@")"
  awk -v l="$label" -v off="$off" -v on="$on" 'BEGIN { split(off, a, " "); split(on, b, " ")
    printf "%s\n  wall: identity off %6.3f s   on %6.3f s   +%6.0f ms\n", l, a[1], b[1], (b[1] - a[1]) * 1000
    printf "  cpu:  identity off %6.3f s   on %6.3f s   +%6.0f ms\n", a[2], b[2], (b[2] - a[2]) * 1000 }'
  echo "$off $on" > "$out/last"
}
pair "one 12 MP photo with a face (load + 1 descriptor)" "$faces/one-face/photo.jpg"
read -r _ one_cpu _ one_on_cpu < "$out/last"
pair "8 photos of 12 MP (load + 8 descriptors)" "$faces/photos"
read -r _ eight_cpu _ eight_on_cpu < "$out/last"
awk -v a="$one_cpu" -v b="$one_on_cpu" -v c="$eight_cpu" -v d="$eight_on_cpu" 'BEGIN {
  printf "  a descriptor: %.1f ms of CPU ((8 photos - 1 photo) / 7; target <= 40 ms)\n", ((d - c) - (b - a)) * 1000 / 7 }'
pair "1 session: 60 s 1080x1920 video + 8 photos of 12 MP (target <= +0.3 s)" "$faces/session/video.mp4" \
  "$faces"/session/photo-*.jpg
