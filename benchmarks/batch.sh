#!/usr/bin/env bash
# Pipeline throughput: 200 small sessions (copies of the demo session) through `twin batch` against
# the in-process sandbox API and static file host (--sandbox: no network, no credentials), the
# rate limit lifted, at concurrency 1 and 8. Prints sessions per second for each.
#
#   benchmarks/batch.sh                 # 200 sessions, concurrency 1 and 8
#   SESSIONS=50 CONCURRENCY="1 4 16" benchmarks/batch.sh
#   TWIN=.build/debug/twin benchmarks/batch.sh     # default: the release build in .build-release/
#
# Every session is validated (FFmpeg, libjpeg), published to a temporary folder served over HTTP,
# verified with a ranged GET, created with /create (the sandbox downloads and re-validates the
# media), followed with /status to COMPLETE and found in /list. Creations run 12000x faster than
# real time (10 ms instead of 120 s), so the numbers measure the pipeline, not the sandbox's clock.
set -euo pipefail
cd "$(dirname "$0")/.."

sessions=${SESSIONS:-200}
levels=${CONCURRENCY:-"1 8"}
scale=${TIME_SCALE:-12000}
twin=${TWIN:-}
if [ -z "$twin" ]; then
  twin=.build-release/release/twin
  [ -x "$twin" ] || swift build -c release --product twin --scratch-path .build-release >/dev/null
fi

work=$(mktemp -d /tmp/twin-batch-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
for i in $(seq -f "%03g" 1 "$sessions"); do cp -r fixtures/sessions/demo "$work/s$i"; done

echo "twin batch: $sessions sessions of $(du -sh fixtures/sessions/demo | cut -f1) each, --sandbox (time scale $scale), rate limit lifted, $twin"
for concurrency in $levels; do
  journal="$work/journal-$concurrency.sqlite"
  start=$(date +%s.%N)
  if ! "$twin" batch "$work" --sandbox --sandbox-time-scale "$scale" --concurrency "$concurrency" \
      --journal "$journal" > "$work/out-$concurrency.txt" 2> "$work/err-$concurrency.txt"; then
    echo "concurrency $concurrency: the batch failed:"; tail -5 "$work/out-$concurrency.txt"; exit 1
  fi
  end=$(date +%s.%N)
  awk -v n="$sessions" -v c="$concurrency" -v s="$start" -v e="$end" \
    'BEGIN { t = e - s; printf "concurrency %2d: %d sessions in %6.2f s = %6.1f sessions/s\n", c, n, t, n / t }'
done
