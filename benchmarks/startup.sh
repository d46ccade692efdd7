#!/usr/bin/env bash
# Start-up: `twin --version` (the release build, Swift runtime linked statically as the Debian package ships it)
# against a C program that links the same libraries and prints their versions (benchmarks/startup/c-version.c),
# so the difference is what twin itself adds before main and in it. Target: twin --version in at most 60 ms.
#
#   bash benchmarks/startup.sh        (RUNS=… for hyperfine's run count; default 60)
#
# Prints the mean and median of each (hyperfine, 5 warm-up runs), the libraries each maps, and the difference.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib.sh
runs="${RUNS:-60}"

c_program="$out/c-version"
cc -O2 -o "$c_program" benchmarks/startup/c-version.c $(pkg-config --cflags libavformat pocketsphinx) \
  -Wl,--no-as-needed -lavformat -lavcodec -lavutil -lswresample -ljpeg -lpng16 -lebur128 -lpocketsphinx -lsphinxbase \
  -ldlib -lblas -llapack -lstdc++ -lm
echo "libraries mapped: twin $(ldd "$twin" | wc -l), C program $(ldd "$c_program" | wc -l)"
"$twin" --version >/dev/null

hyperfine -N --style none --warmup 5 --runs "$runs" --export-json "$out/startup.json" \
  -n "twin --version" "$twin --version" -n "C program, same libraries" "$c_program" >/dev/null
python3 - "$out/startup.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
for r in results:
    print(f"{r['command']:<28} mean {r['mean'] * 1000:6.1f} ms   median {r['median'] * 1000:6.1f} ms   "
          f"user+sys {(r['user'] + r['system']) * 1000:6.1f} ms")
twin, c = results[0], results[1]
print(f"twin adds {(twin['median'] - c['median']) * 1000:.1f} ms over the C floor (median); target: twin <= 60 ms:",
      "met" if twin["median"] <= 0.060 else "NOT met")
PY
