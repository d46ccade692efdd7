#!/usr/bin/env bash
# Benchmark of the publishing layer: a 1 GiB file uploaded to a local nginx (WebDAV PUT) with
# `twin publish` and with `curl -T`, in one run. Prints both times, the throughput ratio
# (twin / curl; the target is >= 0.8) and twin's peak RSS (the target is < 100 MB).
#
# twin's time includes everything `twin publish` does: hashing the file for its content address,
# the existence check, the streamed PUT, the checksum record and the ranged-GET verification.
#
#   bash benchmarks/publish.sh            # builds twin in release mode first
#   SIZE_MIB=256 bash benchmarks/publish.sh
#   TWIN=.build/debug/twin bash benchmarks/publish.sh
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib=${SIZE_MIB:-1024}
work=$(mktemp -d /tmp/twin-publish-bench.XXXXXX)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

twin="${TWIN:-.build-release/release/twin}"
if [ ! -x "$twin" ]; then
  echo "building twin (release, once)…" >&2
  swift build -c release --product twin --scratch-path .build-release >/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
password="bench-$RANDOM$RANDOM"
mkdir -p "$work/root/curl" "$work/root/twin" "$work/tmp"
echo "bench:{PLAIN}$password" > "$work/htpasswd"
cat > "$work/nginx.conf" <<CONF
user root;
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    types { video/mp4 mp4; text/plain sha256; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $work/root;
        client_max_body_size 0;
        location / {
            dav_methods PUT DELETE MKCOL MOVE;
            dav_access user:rw group:r all:r;
            limit_except GET HEAD { auth_basic "bench"; auth_basic_user_file $work/htpasswd; }
        }
    }
}
CONF
nginx -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
nginx_pid=$!
# Wait for the port, with a deadline.
for _ in $(seq 1 200); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break; fi
  kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx exited: $(cat "$work/error.log")" >&2; exit 1; }
  sleep 0.05
done
curl -s -o /dev/null "http://127.0.0.1:$port/" || { echo "nginx did not start" >&2; exit 1; }

echo "writing a ${size_mib} MiB file…" >&2
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/sample.mp4"
# Warm the page cache equally for both tools.
cat "$work/sample.mp4" > /dev/null

now() { date +%s.%N; }

start=$(now)
curl -sS -f -u "bench:$password" -T "$work/sample.mp4" "http://127.0.0.1:$port/curl/sample.mp4"
curl_seconds=$(echo "$(now) - $start" | bc -l)
rm -f "$work/root/curl/sample.mp4"

start=$(now)
TWIN_WEBDAV_USER=bench TWIN_WEBDAV_PASSWORD="$password" /usr/bin/time -v -o "$work/time.txt" \
  "$twin" publish --to "webdav+http://127.0.0.1:$port/twin" "$work/sample.mp4" > "$work/url.txt"
twin_seconds=$(echo "$(now) - $start" | bc -l)
rss_kib=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time.txt")

cmp -s "$work/sample.mp4" "$work/root/twin/$(basename "$(cat "$work/url.txt")")" || { echo "uploaded file differs" >&2; exit 1; }

printf 'file:          %d MiB\n' "$size_mib"
printf 'curl -T:       %.2f s (%.0f MiB/s)\n' "$curl_seconds" "$(echo "$size_mib / $curl_seconds" | bc -l)"
printf 'twin publish:  %.2f s (%.0f MiB/s)\n' "$twin_seconds" "$(echo "$size_mib / $twin_seconds" | bc -l)"
printf 'ratio:         %.2fx curl throughput (target >= 0.80)\n' "$(echo "$curl_seconds / $twin_seconds" | bc -l)"
printf 'twin peak RSS: %.1f MB (target < 100 MB)\n' "$(echo "$rss_kib * 1024 / 1000000" | bc -l)"
