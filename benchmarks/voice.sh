#!/usr/bin/env bash
# Benchmark of the voice check (libebur128 + PocketSphinx) against PocketSphinx's own CLI:
#
#   bash benchmarks/voice.sh               # builds the release binary if needed
#   TWIN=.build/debug/twin bash benchmarks/voice.sh
#
# Each figure is the median of RUNS runs (default 3); CPU = user + sys, so the load of a shared
# machine does not change it much.
#   1. `twin validate --script` on a 60 s 1080x1920 HEVC + AAC spoken video vs
#      `pocketsphinx_continuous -infile` on the same audio as a 16 kHz WAV   target: <= 1.0x
#   2. the same check's CPU time over the audio's duration                     target: <= 0.25x
#   3. `twin validate` (the voice check is on by default: loudness and speech, no script) vs
#      `twin validate --no-voice-check` on 20 sessions                        target: <= 1.3x
# Media is generated once into benchmarks/out/ (git-ignored); needs flite, sox, ffmpeg (libx265).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh

# ---- a 60 s spoken video: the script read by four flite voices, cut to 60 s
if [ ! -f "$out/voice-60s.mp4" ]; then
  echo "generating the 60 s spoken clip…" >&2
  parts=()
  for voice in slt rms awb kal16; do
    flite -voice "$voice" -f fixtures/voice/script.txt -o "$out/voice-$voice.wav"
    sox "$out/voice-$voice.wav" -r 16000 -c 1 -b 16 "$out/voice-$voice-16k.wav"
    parts+=("$out/voice-$voice-16k.wav")
  done
  sox "${parts[@]}" "$out/voice-60s-16k.wav" trim 0 60
  ff -f lavfi -i "testsrc2=s=1080x1920:r=30:d=60" -i "$out/voice-60s-16k.wav" \
    -c:v libx265 -preset ultrafast -crf 30 -tag:v hvc1 -x265-params log-level=error -pix_fmt yuv420p \
    -c:a aac -b:a 96k -ar 48000 -ac 2 -shortest "$out/voice-60s.mp4"
  # The peer's input: the video's own audio as 16 kHz mono WAV (what PocketSphinx's CLI reads).
  ff -i "$out/voice-60s.mp4" -vn -ac 1 -ar 16000 -c:a pcm_s16le "$out/voice-60s-peer.wav"
fi

peer() {
  pocketsphinx_continuous -infile "$out/voice-60s-peer.wav" -logfn /dev/null \
    -hmm /usr/share/pocketsphinx/model/en-us/en-us -lm /usr/share/pocketsphinx/model/en-us/en-us.lm.bin \
    -dict /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict
}

echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
# The face checks off: their three keyframes of a test pattern are not the voice check's cost.
printf '[faces]\nenabled = false\n' > "$out/voice-faces-off.toml"
check=$(measure "$twin" validate --profile "$out/voice-faces-off.toml" --script fixtures/voice/script.txt "$out/voice-60s.mp4")
sphinx=$(measure peer)
awk -v t="$check" -v p="$sphinx" 'BEGIN {
  split(t, a, " "); split(p, b, " ")
  printf "voice check of a 60 s 1080x1920 HEVC+AAC video vs pocketsphinx_continuous -infile (16 kHz WAV)\n"
  printf "  wall: twin %7.3f s   pocketsphinx %7.3f s   twin/peer %5.2fx\n", a[1], b[1], a[1] / b[1]
  printf "  cpu:  twin %7.3f s   pocketsphinx %7.3f s   twin/peer %5.2fx   (target <= 1.0x)\n", a[2], b[2], a[2] / b[2]
  printf "  cpu / real time: %5.3fx of the 60 s of audio   (target <= 0.25x)\n", a[2] / 60 }'

if [ -d "$out/sessions/s20" ]; then
  sessions=("$out"/sessions/s*)
  plain=$(measure "$twin" validate --no-voice-check "${sessions[@]}")
  voiced=$(measure "$twin" validate "${sessions[@]}")
  awk -v t="$voiced" -v p="$plain" 'BEGIN {
    split(t, a, " "); split(p, b, " ")
    printf "twin validate (default voice check: loudness + speech, no script) vs --no-voice-check, 20 sessions\n"
    printf "  wall: %7.3f s vs %7.3f s   %5.2fx\n  cpu:  %7.3f s vs %7.3f s   %5.2fx\n", a[1], b[1], a[1] / b[1], a[2], b[2], a[2] / b[2] }'
else
  echo "(run benchmarks/validate.sh first for the 20-session comparison)"
fi
