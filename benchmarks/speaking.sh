#!/usr/bin/env bash
# Benchmark of the speaking check (frames sampled while the voice is heard, searched for the face, the lips
# measured): `twin validate --script` on a 60 s 1080x1920 HEVC video of a talking face with 54 s of speech,
# with [speaking] on against off (the faces and voice checks on in both). Budget: at most +1.5 s of CPU.
#
#   bash benchmarks/speaking.sh            # builds the release binary if needed
#   TWIN=.build/debug/twin bash benchmarks/speaking.sh
#
# Each figure is the median of RUNS runs (default 3); CPU = user + sys. Media is generated once into
# benchmarks/out/ (git-ignored): the demo's talking face (fixtures/sessions/demo/video.mp4) looped to 60 s and
# scaled to 1080x1920, HEVC at 30 fps with a keyframe every 2 s, over the four flite voices of voice.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh

if [ ! -f "$out/voice-60s-16k.wav" ]; then
  for voice in slt rms awb kal16; do
    flite -voice "$voice" -f fixtures/voice/script.txt -o "$out/voice-$voice.wav"
    sox "$out/voice-$voice.wav" -r 16000 -c 1 -b 16 "$out/voice-$voice-16k.wav"
  done
  sox "$out"/voice-{slt,rms,awb,kal16}-16k.wav "$out/voice-60s-16k.wav" trim 0 60
fi
if [ ! -f "$out/talking-60s.mp4" ]; then
  echo "generating the 60 s talking clip…" >&2
  ff -stream_loop 3 -i fixtures/sessions/demo/video.mp4 -i "$out/voice-60s-16k.wav" -map 0:v -map 1:a -t 60 \
    -vf "scale=1080:1920:flags=bicubic,fps=30" -c:v libx265 -preset ultrafast -crf 28 -tag:v hvc1 \
    -x265-params log-level=error:keyint=60 -pix_fmt yuv420p -c:a aac -b:a 96k -ar 48000 -ac 2 "$out/talking-60s.mp4"
fi
printf '[speaking]\nenabled = false\n' > "$out/speaking-off.toml"

echo "twin: $twin   runs: $runs (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
on=$(measure "$twin" validate --script fixtures/voice/script.txt "$out/talking-60s.mp4")
off=$(measure "$twin" validate --profile "$out/speaking-off.toml" --script fixtures/voice/script.txt "$out/talking-60s.mp4")
"$twin" validate --script fixtures/voice/script.txt "$out/talking-60s.mp4" | grep -E "speaking:|face-not-speaking|face-missing" >&2 || true
awk -v on="$on" -v off="$off" 'BEGIN {
  split(on, a, " "); split(off, b, " ")
  printf "speaking check on a 60 s 1080x1920 HEVC talking video (54 s of speech), faces and voice on\n"
  printf "  wall: on %7.3f s   off %7.3f s   +%6.3f s\n", a[1], b[1], a[1] - b[1]
  printf "  cpu:  on %7.3f s   off %7.3f s   +%6.3f s   (budget <= +1.5 s)\n", a[2], b[2], a[2] - b[2] }'
