#!/usr/bin/env bash
# One table: each job, twin against the peer pipeline people script today, on 1 core and on 2 cores
# (taskset), with wall time, CPU time (user + sys) and peak memory (max RSS of the process tree's largest).
#
#   bash benchmarks/session.sh          # builds the release binary if needed (RUNS=N, default 3; median by wall)
#
# The real-size spoken session (generated once into benchmarks/out/session/, git-ignored):
#   a 60 s 1080x1920 HEVC video of a face reciting the script (the demo session's talking face, looped),
#   and eight 12 MP (3024x4032) JPEGs with a face.
# Jobs:
#   every check on     twin validate --script (voice, speaking, faces, poses' faces, identity if installed)
#                      vs ffprobe + identify x8 + ffmpeg -af ebur128 + pocketsphinx_continuous
#   --no-voice-check   the same without the voice check (no peer: the peers judge no face)
#   wrapper only       faces and voice off vs ffprobe + identify x8
#   20 small sessions  wrapper only, benchmarks/validate.sh's media (10 s 1080x1920 + 8 x 1080x1620 each)
#                      vs the ffprobe + identify loop
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh
session="$out/session"
demo=fixtures/sessions/demo
model=/usr/share/pocketsphinx/model/en-us

if [ ! -f "$session/video.mp4" ]; then
  echo "generating the real-size session…" >&2
  mkdir -p "$session"
  for i in 1 2 3 4 5 6 7 8; do
    convert "$demo/neutral.jpg" -resize '3024x4032!' -quality 90 "$session/photo-$i.jpg"
  done
  ff -stream_loop -1 -i "$demo/video.mp4" -t 60 -vf scale=1080:1920 \
    -c:v libx265 -preset ultrafast -crf 28 -tag:v hvc1 -x265-params log-level=error -pix_fmt yuv420p \
    -c:a aac -b:a 128k -ar 48000 -ac 2 "$session/video.mp4"
  ff -i "$session/video.mp4" -vn -ac 1 -ar 16000 -c:a pcm_s16le "$session/audio-16k.wav"
fi
make_small_sessions
script=fixtures/voice/script.txt
printf '[faces]\nenabled = false\n' > "$out/no-faces.toml"
files=("$session/video.mp4" "$session"/photo-*.jpg)
small=("$out"/sessions/s*)

peer_session() { # everything the peers can check of the session
  ffprobe -v error -show_streams -show_format -of json "$session/video.mp4" >/dev/null
  for photo in "$session"/photo-*.jpg; do identify "$photo" >/dev/null; done
  ffmpeg -nostdin -hide_banner -nostats -i "$session/video.mp4" -vn -af ebur128 -f null - 2>/dev/null
  pocketsphinx_continuous -infile "$session/audio-16k.wav" -logfn /dev/null -hmm "$model/en-us" \
    -lm "$model/en-us.lm.bin" -dict "$model/cmudict-en-us.dict" >/dev/null
}
peer_probe() { # folders or the session: ffprobe per video, identify per photo
  ffprobe -v error -show_streams -show_format -of json "$session/video.mp4" >/dev/null
  for photo in "$session"/photo-*.jpg; do identify "$photo" >/dev/null; done
}
peer_loop() {
  for folder in "${small[@]}"; do
    for video in "$folder"/*.mp4; do ffprobe -v error -show_streams -show_format -of json "$video" >/dev/null; done
    for photo in "$folder"/*.jpg; do identify "$photo" >/dev/null; done
  done
}
export -f peer_session peer_probe peer_loop
export session model out
export small_list="${small[*]}"

# "wall cpu peak-MB" of the median-wall run of `runs`, on the cores in $cores (taskset -c).
measure_on() { # cores, command…
  local cores="$1"; shift
  local results=()
  for _ in $(seq 1 "$runs"); do
    results+=("$(/usr/bin/time -f '%e %U %S %M' taskset -c "$cores" "$@" 2>&1 >/dev/null | tail -1 \
      | awk '{ printf "%.3f %.3f %.0f", $1, $2 + $3, $4 / 1024 }')")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

echo "twin: $twin   runs: $runs (median by wall)   machine cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %5s | %23s | %23s | %s\n' "job" "cores" "twin wall / cpu / MB" "peer wall / cpu / MB" "peer/twin (wall, cpu)"
row() { # label, cores, twin-result, peer-result
  awk -v label="$1" -v cores="$2" -v t="$3" -v p="$4" 'BEGIN {
    split(t, a, " ")
    if (p == "") { printf "%-44s %5s | %7.2f s %6.2f s %5d | %23s |\n", label, cores, a[1], a[2], a[3], "—"; exit }
    split(p, b, " ")
    printf "%-44s %5s | %7.2f s %6.2f s %5d | %7.2f s %6.2f s %5d | %5.2fx %5.2fx\n", label, cores, a[1], a[2], a[3], b[1], b[2], b[3], b[1] / a[1], b[2] / a[2] }'
}
for cores in 0 0,1; do
  n=$(( $(tr -cd ',' <<<"$cores" | wc -c) + 1 ))
  row "session, every check on (--script)" "$n" \
    "$(measure_on "$cores" "$twin" validate --script "$script" "${files[@]}")" "$(measure_on "$cores" bash -c peer_session)"
  row "session, --no-voice-check" "$n" "$(measure_on "$cores" "$twin" validate --no-voice-check "${files[@]}")" ""
  row "session, wrapper only (faces, voice off)" "$n" \
    "$(measure_on "$cores" "$twin" validate --no-voice-check --profile "$out/no-faces.toml" "${files[@]}")" \
    "$(measure_on "$cores" bash -c peer_probe)"
  row "20 small sessions, wrapper only" "$n" \
    "$(measure_on "$cores" "$twin" validate --no-voice-check --profile "$out/no-faces.toml" "${small[@]}")" \
    "$(measure_on "$cores" bash -c "small=(\$small_list); peer_loop")"
done
