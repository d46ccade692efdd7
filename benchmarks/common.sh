# Shared by the benchmarks: `source benchmarks/common.sh` from the repository root.
# Sets $runs (RUNS, default 3) and $twin (TWIN, default the release binary, built once), and
# defines measure: "wall cpu" seconds of the median-wall run of `runs` (cpu = user + sys, children
# included; this machine is shared, and CPU time does not depend on load).
runs="${RUNS:-3}"
twin="${TWIN:-.build-release/release/twin}"
if [ ! -x "$twin" ]; then
  echo "building the release binary (once)…" >&2
  swift build -c release --product twin --scratch-path .build-release >&2
fi
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
measure() {
  local results=() TIMEFORMAT='%R %U %S'
  for _ in $(seq 1 "$runs"); do
    results+=("$( { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}
