# Shared by the benchmarks (sourced): the release binary in $twin (built once), the media folder
# $out, the run count $runs, `ff` and `measure`.
runs="${RUNS:-3}"
out=benchmarks/out
mkdir -p "$out"
twin="${TWIN:-.build-release/release/twin}"
if [ ! -x "$twin" ]; then
  echo "building the release binary (once)…" >&2
  swift build -c release --static-swift-stdlib --product twin --scratch-path .build-release >&2
fi
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# "wall cpu" seconds (the median-wall run of `runs`; cpu = user + sys, children included).
# This machine is shared, so CPU time is printed beside wall time: it does not depend on load.
measure() {
  local results=() TIMEFORMAT='%R %U %S'
  for _ in $(seq 1 "$runs"); do
    results+=("$( { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

# The 20 small sessions of benchmarks/validate.sh and session.sh (generated once): 20 copies of one session, a 10 s
# 1080x1920 H.264 + AAC tone video and eight 1080x1620 JPEGs.
make_small_sessions() {
  [ -f "$out/sessions/s20/pursed.jpg" ] && return
  echo "generating the 20 small sessions…" >&2
  rm -rf "$out/sessions" && mkdir -p "$out/template"
  ff -f lavfi -i "testsrc2=s=1080x1920:r=30:d=10" -f lavfi -i "sine=frequency=440:duration=10" \
    -c:v libx264 -preset veryfast -crf 28 -pix_fmt yuv420p -c:a aac -b:a 96k -movflags +faststart \
    "$out/template/video.mp4"
  for pose in neutral ooh teeth aah pursed left right up; do
    convert -size 1080x1620 plasma:fractal -seed 3 -quality 85 "$out/template/$pose.jpg" 2>/dev/null
  done
  for i in $(seq 1 20); do
    mkdir -p "$out/sessions/s$i" && cp "$out/template/"* "$out/sessions/s$i/"
  done
}
