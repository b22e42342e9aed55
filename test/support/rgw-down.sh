#!/usr/bin/env bash
# Kept in the project (copied from /work/shared/s3) so CI can start a strict S3 server: Ceph RADOS Gateway.
# rgw-down.sh — stop the daemons started by rgw-up.sh for one data dir, via their pid files.
# usage: rgw-down.sh [-d DATA_DIR] [-x]     (-x: also delete DATA_DIR afterwards)
# Order: radosgw, then osd.0 (memstore writes its data to DATA_DIR on clean shutdown), then mon.a.
# Each gets SIGTERM, up to 20 s to exit, then SIGKILL. A pid is only signalled if its
# /proc/PID/comm is the expected daemon name (guards against stale pid files / pid reuse).
set -uo pipefail
DATA=${TMPDIR:-/tmp}/pelita-rgw; PURGE=0
while getopts "d:xh" o; do case $o in d) DATA=$OPTARG;; x) PURGE=1;; *) sed -n '3,7p' "$0"; exit 2;; esac; done
RUN=$DATA/run
CLEAN=1
stop() { # stop PIDNAME COMM
  local f=$RUN/$1.pid p i
  [ -s "$f" ] || { echo "$1: no pid file"; CLEAN=0; return 0; }
  p=$(cat "$f")
  if [ ! -r /proc/$p/comm ] || [ "$(cat /proc/$p/comm)" != "$2" ]; then
    echo "$1: pid $p not running (stale pid file removed)"; rm -f "$f"; CLEAN=0; return 0; fi
  kill -TERM "$p"
  for i in $(seq 1 40); do [ -e /proc/$p ] || break; sleep 0.5; done
  if [ -e /proc/$p ]; then echo "$1: pid $p ignored SIGTERM, sending SIGKILL"; kill -KILL "$p"; CLEAN=0; sleep 0.5; fi
  rm -f "$f"; echo "$1: stopped pid $p"
}
stop client.rgw.s3 radosgw
stop osd.0 ceph-osd
stop mon.a ceph-mon
# marker read by rgw-up.sh: memstore contents were written to disk, the dir can be reused
[ "$CLEAN" = 1 ] && [ -d "$DATA/osd" ] && touch "$DATA/clean-shutdown"
if [ "$PURGE" = 1 ]; then rm -rf "$DATA"; echo "removed $DATA"; fi
