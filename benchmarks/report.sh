#!/usr/bin/env bash
# What --report FILE.html costs: `twin validate` of a session's media (a 60 s 1080x1920 video and
# eight 12 MP photos, faces on) with and without the report, without and with the voice check.
# Target: the report adds at most 10% of CPU (release build; issue 23).
#
#   bash benchmarks/report.sh           # builds the release binary if needed (RUNS=N, default 3)
#
# Media is generated once into benchmarks/out/report/ (git-ignored) from the demo session.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh
out=benchmarks/out/report
demo=fixtures/sessions/demo
mkdir -p "$out/session"

if [ ! -f "$out/session/video.mp4" ]; then
  echo "generating benchmark media…" >&2
  for i in 1 2 3 4 5 6 7 8; do
    convert "$demo/neutral.jpg" -resize '3024x4032!' -quality 90 "$out/session/photo-$i.jpg"
  done
  # The demo video (a face reciting the script) looped to 60 s at 1080x1920.
  ff -stream_loop -1 -i "$demo/video.mp4" -t 60 -vf scale=1080:1920 -c:v libx264 -preset veryfast -crf 23 \
    -pix_fmt yuv420p -c:a aac -b:a 128k "$out/session/video.mp4"
fi
printf '[faces]\nenabled = true\n' > "$out/faces-on.toml"
printf 'Hi, I am recording this video to create my AI twin.\n' > "$out/script.txt"

# The files themselves: as a session folder only the five photos a pose profile maps would be validated.
files=("$out/session/video.mp4" "$out/session"/photo-*.jpg)
echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
report() { # label, then extra arguments
  local label="$1"; shift
  local without with
  without="$(measure "$twin" validate --profile "$out/faces-on.toml" "$@" "${files[@]}")"
  with="$(measure "$twin" validate --profile "$out/faces-on.toml" "$@" --report "$out/report.html" "${files[@]}")"
  awk -v a="$without" -v b="$with" -v label="$label" 'BEGIN { split(a, x, " "); split(b, y, " ")
    printf "%s (target: at most +10%% of CPU)\n", label
    printf "  wall: without %6.3f s   with --report %6.3f s   ratio %.3f\n", x[1], y[1], y[1] / x[1]
    printf "  cpu:  without %6.3f s   with --report %6.3f s   ratio %.3f\n", x[2], y[2], y[2] / x[2] }'
}
report "1 session: 60 s 1080x1920 video + 8 photos of 12 MP, faces on"
report "the same with the voice check (--script)" --script "$out/script.txt"
echo "page: $(stat -c %s "$out/report.html") bytes"
