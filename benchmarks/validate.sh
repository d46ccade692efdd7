#!/usr/bin/env bash
# Benchmark of `twin validate` against the loop people script today:
# one `ffprobe -show_streams -show_format -of json` per video + one ImageMagick `identify` per photo.
#
#   bash benchmarks/validate.sh            # builds the release binary if needed
#   TWIN=.build/debug/twin bash benchmarks/validate.sh
#
# Three comparisons, each the median wall time of RUNS runs (default 3):
#   1. 20 sessions (20 videos + 160 photos) in one call   target: >= 5x faster than the loop
#   2. 1 session (1 video + 8 photos)                       ratio printed (library loading dominates)
#   3. --deep on a 60 s 1080x1920 clip vs `ffmpeg -v error -i FILE -f null -`   target: <= 1.2x
# The comparisons run twin on the same job as its peers: container, codec, size and decode checks, with
# --no-voice-check and a profile that turns the face checks off (the ffprobe loop and ffmpeg look for
# neither; benchmarks/voice.sh and benchmarks/faces.sh measure those). A last line shows the 20 sessions
# with the face checks on, as `twin validate` runs by default (no peer does that work).
# Media is generated once into benchmarks/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh

# ---- media: one realistic session, copied into 20 session folders
make_small_sessions
if [ ! -f "$out/deep-60s.mp4" ]; then
  echo "generating the 60 s 1080x1920 clip…" >&2
  ff -f lavfi -i "testsrc2=s=1080x1920:r=30:d=60" -f lavfi -i "sine=frequency=440:duration=60" \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a aac -b:a 128k "$out/deep-60s.mp4"
fi

peer_loop() { # folders…
  for folder in "$@"; do
    for video in "$folder"/*.mp4; do ffprobe -v error -show_streams -show_format -of json "$video" >/dev/null; done
    for photo in "$folder"/*.jpg; do identify "$photo" >/dev/null; done
  done
}

report() { # label "twin-wall twin-cpu" "peer-wall peer-cpu" peer-name [inverse]
  awk -v label="$1" -v t="$2" -v p="$3" -v peer="$4" -v inverse="${5:-}" 'BEGIN {
    split(t, a, " "); split(p, b, " ")
    if (inverse) { name = "twin/peer"; rw = a[1] / b[1]; rc = a[2] / b[2] } else { name = "speed-up"; rw = b[1] / a[1]; rc = b[2] / a[2] }
    printf "%s\n  wall: twin %7.3f s   %-16s %7.3f s   %s %5.2fx\n", label, a[1], peer, b[1], name, rw
    printf "  cpu:  twin %7.3f s   %-16s %7.3f s   %s %5.2fx\n", a[2], peer, b[2], name, rc }'
}

all_sessions=("$out"/sessions/s*)
printf '[faces]\nenabled = false\n' > "$out/no-faces.toml"
echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
report "20 sessions (20 videos + 160 photos), one call vs ffprobe+identify loop" \
  "$(measure "$twin" validate --no-voice-check --profile "$out/no-faces.toml" "${all_sessions[@]}")" "$(measure peer_loop "${all_sessions[@]}")" \
  "ffprobe+identify"
report "1 session (1 video + 8 photos)" \
  "$(measure "$twin" validate --no-voice-check --profile "$out/no-faces.toml" "$out/sessions/s1")" "$(measure peer_loop "$out/sessions/s1")" \
  "ffprobe+identify"
report "--deep on a 60 s 1080x1920 clip vs ffmpeg -v error -i FILE -f null -" \
  "$(measure "$twin" validate --no-voice-check --profile "$out/no-faces.toml" --deep "$out/deep-60s.mp4")" \
  "$(measure ffmpeg -v error -i "$out/deep-60s.mp4" -f null -)" "ffmpeg -f null" inverse
faces="$(measure "$twin" validate --no-voice-check "${all_sessions[@]}")"
awk -v f="$faces" 'BEGIN { split(f, a, " ")
  printf "20 sessions with the face checks on (the default; no face in this media: every picture searched at four turns)\n"
  printf "  wall: twin %7.3f s   cpu: twin %7.3f s\n", a[1], a[2] }'
