#!/usr/bin/env python3
"""A mutation sweep of `twin validate`'s default path (faces and voice on): every fixture, damaged at random.

    python3 scripts/mutation-sweep.py [--twin PATH] [--mutants N] [--seconds S] [--jobs J] [--timeout T] [--seed K] [FIXTURE…]

Each mutant is a fixture with random byte flips, a cut (bytes removed or the tail dropped) or a splice (bytes of
another fixture pasted in), written to a scratch folder and validated by the real `twin` as its own process
(`validate --format json`), with a deadline. A mutant is a crash when twin dies of a signal or exits with anything
but 0 or 1, or prints JSON that does not parse; a hang when it passes the deadline. Peak RSS is each process's own
(`wait4`). Stops after N mutants per fixture or S seconds in all, whichever comes first; crashing and hanging inputs are
kept in the scratch folder's `findings/`. Prints a summary, the worst peak RSS per fixture, and a JSON line.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEDIA = (".mp4", ".mov", ".jpg", ".jpeg", ".png", ".m4a")


def fixtures(paths):
    if paths:
        return paths
    found = []
    for folder in ["fixtures/video", "fixtures/image", "fixtures/voice", "fixtures/phone"]:
        full = os.path.join(ROOT, folder)
        if os.path.isdir(full):
            found += [os.path.join(full, name) for name in sorted(os.listdir(full))
                      if name.lower().endswith(MEDIA) and os.path.getsize(os.path.join(full, name)) > 0]
    return found


def mutate(data, donors, rng):
    data = bytearray(data)
    kind = rng.choice(["flip", "flip", "cut", "splice"])
    if kind == "flip" or len(data) < 16:
        for _ in range(rng.choice([1, 2, 4, 16, 64])):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "cut":
        start = rng.randrange(len(data))
        if rng.random() < 0.5:
            del data[start:]  # the tail dropped, as by an interrupted copy
        else:
            del data[start:start + rng.randrange(1, max(2, len(data) // 8))]
    else:
        donor = rng.choice(donors)
        size = rng.randrange(1, max(2, min(len(donor), 65536)))
        start = rng.randrange(max(1, len(donor) - size))
        at = rng.randrange(len(data))
        data[at:at + (size if rng.random() < 0.5 else 0)] = donor[start:start + size]
    return bytes(data), kind


def run_measured(twin, path, timeout):
    """Runs twin under a deadline and returns (status, stdout, hung, seconds, peak RSS in MB) through wait4."""
    started = time.monotonic()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.dup2(write, 1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(read)
        try:
            os.execv(twin, [twin, "validate", "--format", "json", path])
        finally:
            os._exit(127)
    os.close(write)
    chunks, hung = [], False
    os.set_blocking(read, False)
    status, usage = None, None
    while True:
        try:
            chunk = os.read(read, 65536)
            if chunk:
                chunks.append(chunk)
        except BlockingIOError:
            pass
        done, raw, usage = os.wait4(pid, os.WNOHANG)
        if done == pid:
            status = raw
            break
        if time.monotonic() - started > timeout:
            hung = True
            os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    while True:
        try:
            chunk = os.read(read, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    code = os.waitstatus_to_exitcode(status)
    return code, b"".join(chunks), hung, time.monotonic() - started, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--twin", default=os.path.join(ROOT, ".build/release/twin"))
    parser.add_argument("--mutants", type=int, default=100, help="mutants per fixture")
    parser.add_argument("--seconds", type=float, default=3600, help="stop starting mutants after this long")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scratch", default=None)
    parser.add_argument("paths", nargs="*")
    options = parser.parse_args()
    files = fixtures(options.paths)
    donors = [open(path, "rb").read() for path in files]
    scratch = options.scratch or tempfile.mkdtemp(prefix="twin-sweep-")
    os.makedirs(os.path.join(scratch, "findings"), exist_ok=True)
    rng = random.Random(options.seed)
    jobs = []
    for round_ in range(options.mutants):
        for index, path in enumerate(files):
            jobs.append((round_, index, path, rng.randrange(1 << 30)))
    deadline = time.monotonic() + options.seconds
    results = []

    def one(job):
        round_, index, path, seed = job
        if time.monotonic() > deadline:
            return None
        local = random.Random(seed)
        data, kind = mutate(donors[index], donors, local)
        name = f"{round_:04d}-{os.path.basename(path)}"
        target = os.path.join(scratch, name)
        with open(target, "wb") as out:
            out.write(data)
        code, output, hung, seconds, rss = run_measured(options.twin, target, options.timeout)
        parsed = True
        try:
            json.loads(output)
        except ValueError:
            parsed = False
        crashed = not hung and (code not in (0, 1) or not parsed)
        if crashed or hung:
            shutil.copy(target, os.path.join(scratch, "findings", ("hang-" if hung else f"crash{code}-") + name))
        os.unlink(target)
        return {"fixture": os.path.relpath(path, ROOT), "kind": kind, "code": code, "hung": hung, "crashed": crashed,
                "seconds": round(seconds, 2), "rss_mb": round(rss, 1)}

    with ThreadPoolExecutor(options.jobs) as pool:
        for result in pool.map(one, jobs):
            if result is not None:
                results.append(result)
                if len(results) % 50 == 0:
                    print(f"{len(results)} mutants, {sum(r['crashed'] for r in results)} crashes, "
                          f"{sum(r['hung'] for r in results)} hangs", file=sys.stderr, flush=True)
    worst = {}
    for result in results:
        worst[result["fixture"]] = max(worst.get(result["fixture"], 0), result["rss_mb"])
    crashes = [r for r in results if r["crashed"]]
    hangs = [r for r in results if r["hung"]]
    print(f"mutants: {len(results)} over {len(files)} fixtures; crashes: {len(crashes)}; hangs: {len(hangs)}; "
          f"peak RSS: {max(worst.values(), default=0):.0f} MB; slowest: {max((r['seconds'] for r in results), default=0):.1f} s")
    for fixture, rss in sorted(worst.items(), key=lambda item: -item[1]):
        count = sum(1 for r in results if r["fixture"] == fixture)
        print(f"  {rss:7.1f} MB  {count:4d} mutants  {fixture}")
    for result in crashes + hangs:
        print("  FINDING", json.dumps(result))
    print(json.dumps({"mutants": len(results), "crashes": len(crashes), "hangs": len(hangs),
                      "peak_rss_mb": max(worst.values(), default=0), "findings": os.path.join(scratch, "findings")}))
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
