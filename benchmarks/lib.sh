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
