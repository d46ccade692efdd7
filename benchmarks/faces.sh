#!/usr/bin/env bash
# What the face and pose checks cost, measured in one run against `twin validate` without them:
#
#   bash benchmarks/faces.sh            # builds the release binary if needed (RUNS=N, default 3)
#
#   1. eight 12 MP JPEGs of a face (4032x3024 shown vertical), faces on vs off: the cost per photo
#      (target: at most 60 ms more per 12 MP JPEG)
#   2. one session: a 60 s 1080x1920 video + those eight photos, faces on (target: under 1.0 s wall),
#      given as files: as a session folder, only the photos its pose order places would be judged
#      (five of eight names that say nothing), which is how an earlier run looked faster than the photos alone
#   3. one photo with a face vs a no-face one (a cup), faces on: both start the one-time model load
#      in the background, only the one with a face waits for it; the no-face one is searched four
#      times (every turn)
# Every run passes --no-voice-check: the voice check (on by default) is benchmarks/voice.sh's subject.
# Media is generated once into benchmarks/out/faces/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh
out=benchmarks/out/faces
mkdir -p "$out"
faces=../shared/test-media/faces/scikit-image

if [ ! -f "$out/session/photo-8.jpg" ]; then
  echo "generating benchmark media…" >&2
  mkdir -p "$out/session" "$out/photos" "$out/one-face" "$out/no-face"
  convert "$faces/astronaut.png" -crop 384x512+31+0 +repage -resize 3024x4032 -quality 90 "$out/template.jpg"
  for i in 1 2 3 4 5 6 7 8; do cp "$out/template.jpg" "$out/photos/photo-$i.jpg"; cp "$out/template.jpg" "$out/session/photo-$i.jpg"; done
  cp "$out/template.jpg" "$out/one-face/photo.jpg"
  convert "$faces/coffee.png" -resize '3024x4032!' -quality 90 "$out/no-face/photo.jpg"
  convert "$faces/astronaut.png" -crop 288x512+79+0 +repage -resize '1080x1920!' "$out/frame.png"
  ff -loop 1 -framerate 30 -i "$out/frame.png" -f lavfi -i "sine=frequency=440:duration=60" -t 60 \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a aac -b:a 128k "$out/session/video.mp4"
fi
printf '[faces]\nenabled = true\n' > "$out/faces-on.toml"
printf '[faces]\nenabled = false\n' > "$out/faces-off.toml"

measure() { # "wall cpu" of the median-wall run
  local results=() TIMEFORMAT='%R %U %S'
  for _ in $(seq 1 "$runs"); do
    results+=("$( { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
off="$(measure "$twin" validate --no-voice-check --profile "$out/faces-off.toml" "$out/photos")"
on="$(measure "$twin" validate --no-voice-check --profile "$out/faces-on.toml" "$out/photos")"
awk -v off="$off" -v on="$on" 'BEGIN { split(off, a, " "); split(on, b, " ")
  printf "8 photos of 12 MP (JPEG 4032x3024 shown vertical), one call\n"
  printf "  wall: faces off %6.3f s   faces on %6.3f s   +%5.1f ms a photo (2 cores)\n", a[1], b[1], (b[1] - a[1]) * 1000 / 8
  printf "  cpu:  faces off %6.3f s   faces on %6.3f s   +%5.1f ms a photo\n", a[2], b[2], (b[2] - a[2]) * 1000 / 8 }'
session="$(measure "$twin" validate --no-voice-check --profile "$out/faces-on.toml" "$out/session/video.mp4" \
  "$out"/session/photo-*.jpg)"
awk -v s="$session" 'BEGIN { split(s, a, " ")
  printf "1 session: 60 s 1080x1920 video + 8 photos of 12 MP, faces on (target < 1.0 s wall)\n"
  printf "  wall: %6.3f s   cpu: %6.3f s\n", a[1], a[2] }'
face="$(measure "$twin" validate --no-voice-check --profile "$out/faces-on.toml" "$out/one-face/photo.jpg")"
none="$(measure "$twin" validate --no-voice-check --profile "$out/faces-on.toml" "$out/no-face/photo.jpg")"
awk -v f="$face" -v n="$none" 'BEGIN { split(f, a, " "); split(n, b, " ")
  printf "one 12 MP photo with a face vs one without (only the face waits for the model load)\n"
  printf "  wall: face %6.3f s   no face %6.3f s   difference %5.0f ms\n", a[1], b[1], (a[1] - b[1]) * 1000 }'
