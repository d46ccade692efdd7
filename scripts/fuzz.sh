#!/usr/bin/env bash
# Builds the libFuzzer targets of twin-fuzz (Sources/TwinFuzz) with AddressSanitizer (Swift and C) and
# UndefinedBehaviorSanitizer (the C shims: swiftc has no UBSan on Linux; Swift traps on overflow itself),
# then fuzzes each target, seeded from fixtures/ and ../shared/test-media/, after replaying the
# regression inputs in fixtures/fuzz/.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     default: 600 s, every target
#
# A crash, leak, sanitizer report or timeout stops that target with its input saved as
# .build-fuzz/findings/TARGET/crash-*; fix it and add the input to fixtures/fuzz/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(probe exif image profile manifest audio cache)

build=.build-fuzz
swift build --build-path "$build" --product twin-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address,undefined -Xcc -fno-sanitize-recover=undefined \
  -Xcc -fsanitize-ignorelist="$PWD/scripts/fuzz-ignorelist.txt" \
  -Xswiftc -use-ld=lld -Xlinker -u -Xlinker LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver >&2
binary="$build/debug/twin-fuzz"

shared=../shared/test-media
# Leaks are off: the Swift runtime's caches live until exit and would be reported on every input.
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ -w /dev/shm ]; then export TWIN_FUZZ_SCRATCH=/dev/shm; fi  # inputs are written to a file per run
# A short run (CI's smoke test) uses a fixed seed, so the same commit explores the same inputs every time.
seed=()
if [ "$seconds" -le 60 ]; then seed=(-seed=1); fi
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  # Each run saves its findings in a folder of its own, so one run's inputs are never counted by another.
  findings="$build/findings/$target/$(date -u +%Y%m%dT%H%M%SZ)-$$"
  mkdir -p "$corpus" "$findings" "fixtures/fuzz/$target"
  case "$target" in
    probe) seeds=(fixtures/video fixtures/image) ;;
    exif|image) seeds=(fixtures/image) ;;
    profile|manifest) seeds=() ;;
    audio) seeds=(fixtures/voice fixtures/video) ;;
    cache) seeds=() ;;  # small flat models in fixtures/fuzz/cache (fixtures/fuzz/make-cache-seeds.py), replayed below
  esac
  for folder in "${seeds[@]}"; do find "$folder" -type f -size -2M -exec cp -n {} "$corpus/" \; ; done
  if [ -d "$shared" ] && [ "$target" != profile ] && [ "$target" != manifest ] && [ "$target" != cache ]; then
    find "$shared" -type f -size -2M \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.mp4' -o -iname '*.mov' \) \
      -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  fi
  if [ "$target" = profile ]; then
    printf '[video]\nmax-pixels = 35000000\ncodecs = ["h264"]\n[image]\nmin-short-side = 480\n' > "$corpus/seed.toml"
  fi
  if [ "$target" = manifest ]; then
    # Every manifest under fixtures/sessions, and one with every key, an alias, a ../ path and a link out.
    find fixtures/sessions -name twin.toml -exec sh -c 'cp -n "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$corpus" \;
    printf '%s\n' 'name = "sam"' 'language = "English"' 'video = "take-2.mov"' '[poses]' 'neutral = "IMG_0101.jpg"' \
      'teeth = "teeth.jpg"' 'ooh = "sub/ooh.jpg"' '2 = "2.png"' 'aah = "../x.jpg"' 'pursed = "out.jpg"' > "$corpus/seed.toml"
  fi
  echo "== $target: replaying fixtures/fuzz/$target, then fuzzing for $seconds s" >&2
  "$binary" "$target" "fixtures/fuzz/$target" -runs=0 -artifact_prefix="$findings/" 2>"$build/$target.replay.log" \
    || { tail -20 "$build/$target.replay.log" >&2; status=1; }
  fuzz_status=0
  "$binary" "$target" "$corpus" "fixtures/fuzz/$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 "${seed[@]}" \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$build/$target.log" 2>&1 || fuzz_status=$?
  grep -E "^#|stat::|ERROR|SUMMARY" "$build/$target.log" | tail -12 >&2 || true
  # A finding fails the run: a saved input (crash, leak, timeout, oom), or libFuzzer
  # stopping with an error. Each pattern is checked on its own: `ls a* b*` fails when one of them matches nothing.
  saved=()
  for kind in crash leak timeout oom; do
    if compgen -G "$findings/$kind-*" >/dev/null; then saved+=("$findings"/$kind-*); fi
  done
  if [ ${#saved[@]} -gt 0 ] || [ "$fuzz_status" -ne 0 ]; then
    echo "== $target: FINDINGS (libFuzzer exit $fuzz_status): ${saved[*]:-none saved, see $build/$target.log}" >&2
    tail -40 "$build/$target.log" >&2
    status=1
  fi
done
exit $status
