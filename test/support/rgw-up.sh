#!/usr/bin/env bash
# Kept in the project (copied from /work/shared/s3) so CI can start a strict S3 server: Ceph RADOS Gateway.
# rgw-up.sh — bring up a throw-away single-host Ceph cluster (1 mon, 1 memstore OSD, no cephx)
# plus a RADOS Gateway (S3 API, real SigV4 checking) on 127.0.0.1:PORT. Debian 12 (Ceph 16.2.x).
#
# usage: rgw-up.sh [-p PORT] [-a ACCESS_KEY] [-s SECRET_KEY] [-d DATA_DIR] [-f]
#   -p  S3 port (default 7480). The monitor uses PORT+1 (msgr2 only); the OSD takes
#       ephemeral ports in 6800-7300, so keep PORT outside that range.
#   -a/-s  S3 credentials of the user that is created (idempotent)
#   -d  data/state dir (default $TMPDIR/pelita-rgw): ceph.conf, pid files, logs, store
#   -f  fresh: wipe DATA_DIR first (only if no daemon of it is running)
# env: RGW_MEMSTORE_BYTES (capacity of the in-RAM OSD, default 4 GiB; data lives in RAM
#      and is written to DATA_DIR only on clean shutdown), RGW_UP_TIMEOUT (default 120 s)
# On success prints the endpoint (http://127.0.0.1:PORT) as the last line on stdout.
set -euo pipefail

PORT=7480; ACCESS=AKIATESTKEY0000001; SECRET=testsecretkey0000000000000000000000000000
DATA=${TMPDIR:-/tmp}/pelita-rgw; FRESH=0
while getopts "p:a:s:d:fh" o; do case $o in
  p) PORT=$OPTARG;; a) ACCESS=$OPTARG;; s) SECRET=$OPTARG;; d) DATA=$OPTARG;; f) FRESH=1;;
  *) sed -n '3,14p' "$0"; exit 2;; esac; done
MONPORT=$((PORT + 1))
MEMBYTES=${RGW_MEMSTORE_BYTES:-4294967296}
TIMEOUT=${RGW_UP_TIMEOUT:-120}
log() { echo "[rgw-up $(date +%T)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- 1. packages (idempotent) -------------------------------------------------------
need=()
for c in ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw radosgw-admin:radosgw ceph:ceph-common monmaptool:ceph-common curl:curl uuidgen:uuid-runtime; do
  command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "installing: ${need[*]}"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    ceph-mon ceph-osd radosgw ceph-common curl uuid-runtime >&2
fi

CONF=$DATA/ceph.conf; RUN=$DATA/run
C=(ceph --conf "$CONF" --connect-timeout 15)
alive() { # alive NAME COMM -> pid file exists and names a live process with that comm
  local f=$RUN/$1.pid p; [ -s "$f" ] || return 1; p=$(cat "$f")
  [ -r /proc/$p/comm ] && [ "$(cat /proc/$p/comm)" = "$2" ]
}
http_up() { local c; c=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/") && [ "$c" != 000 ]; }
wait_for() { # wait_for DESC CMD...
  local t0=$SECONDS; until "${@:2}" >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt "$TIMEOUT" ] || die "timeout waiting for $1 (see $DATA/log)"; sleep 0.5; done; }

# memstore keeps objects in RAM: a data dir is only reusable after a clean rgw-down.sh
# (which leaves DATA_DIR/clean-shutdown); otherwise start from scratch.
if [ -d "$DATA/mon" ] && [ ! -e "$DATA/clean-shutdown" ] && ! alive osd.0 ceph-osd 2>/dev/null; then
  log "no clean-shutdown marker in $DATA: starting fresh"; FRESH=1; fi
if [ "$FRESH" = 1 ] && [ -d "$DATA" ]; then
  for n in client.rgw.s3:radosgw osd.0:ceph-osd mon.a:ceph-mon; do
    alive "${n%%:*}" "${n#*:}" && die "-f given but ${n%%:*} of $DATA is running; run rgw-down.sh first"; done
  rm -rf "$DATA"
fi
mkdir -p "$DATA"/{mon/a,osd/0,rgw,run,log}
rm -f "$DATA/clean-shutdown"

# ---- 2. config (rewritten every time so port/paths follow the arguments) ---------------
[ -s "$DATA/fsid" ] || uuidgen > "$DATA/fsid"
FSID=$(cat "$DATA/fsid")
cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon_host = v2:127.0.0.1:$MONPORT
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_msgr1 = false
ms_bind_ipv6 = false
ms_mon_client_mode = crc secure
ms_client_mode = crc secure
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_warn_on_insecure_global_id_reclaim_allowed = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
mon_data_avail_warn = 2
mon_data_avail_crit = 1
run_dir = $RUN
pid_file = $RUN/\$name.pid
log_file = $DATA/log/\$name.log
keyring = $DATA/keyring
[mon]
mon_data = $DATA/mon/\$id
admin_socket = $RUN/\$name.asok
[osd]
osd_data = $DATA/osd/\$id
osd_objectstore = memstore
memstore_device_bytes = $MEMBYTES
osd_crush_update_on_start = true
# memstore only writes its RAM contents to osd_data on a real umount; fast shutdown skips it
osd_fast_shutdown = false
admin_socket = $RUN/\$name.asok
[client.rgw.s3]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
rgw_data = $DATA/rgw
admin_socket = $RUN/\$name.asok
rgw_thread_pool_size = 64
rgw_gc_obj_min_wait = 60
rgw_gc_processor_period = 60
rgw_lc_debug_interval = 10
EOF

T0=$EPOCHREALTIME
# ---- 3. monitor -----------------------------------------------------------------------
if ! alive mon.a ceph-mon; then
  if [ ! -e "$DATA/mon/a/store.db" ]; then
    monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MONPORT]" "$DATA/monmap" >/dev/null
    ceph-mon --conf "$CONF" --mkfs -i a --monmap "$DATA/monmap" 2>>"$DATA/log/setup.log"
  fi
  ceph-mon --conf "$CONF" -i a
fi
wait_for "monitor" "${C[@]}" mon stat

# ---- 4. OSD (memstore) --------------------------------------------------------------------
if ! alive osd.0 ceph-osd; then
  if [ ! -s "$DATA/osd/0/fsid" ]; then
    OSDUUID=$(uuidgen)
    id=$("${C[@]}" osd new "$OSDUUID"); [ "$id" = 0 ] || die "unexpected osd id $id"
    ceph-osd --conf "$CONF" -i 0 --mkfs --osd-uuid "$OSDUUID" 2>>"$DATA/log/setup.log"
  fi
  ceph-osd --conf "$CONF" -i 0 2>>"$DATA/log/setup.log"
fi
osd_up() { "${C[@]}" osd dump 2>/dev/null | grep -q '^osd.0 up'; }
wait_for "osd.0 up" osd_up

# ---- 5. RADOS Gateway -------------------------------------------------------------------
if ! alive client.rgw.s3 radosgw; then
  http_up && die "port $PORT already answers but not our radosgw"
  radosgw --conf "$CONF" -n client.rgw.s3
fi
wait_for "radosgw on :$PORT" http_up

# ---- 6. S3 user with fixed keys (idempotent) --------------------------------------------
RA=(radosgw-admin --conf "$CONF" -n client.admin)
if "${RA[@]}" user info --uid=s3test >/dev/null 2>&1; then
  # adds the key, or resets the secret of an existing access key
  "${RA[@]}" key create --uid=s3test --key-type=s3 --access-key="$ACCESS" --secret-key="$SECRET" >/dev/null 2>>"$DATA/log/setup.log"
else
  "${RA[@]}" user create --uid=s3test --display-name="S3 test user" \
    --access-key="$ACCESS" --secret-key="$SECRET" >/dev/null 2>>"$DATA/log/setup.log"
fi
# final check: a SigV4-signed ListBuckets with the given keys must succeed
# (curl 7.88 needs the x-amz-content-sha256 header supplied, here the hash of an empty body)
signed_ok() { curl -sf -m 5 --aws-sigv4 "aws:amz:us-east-1:s3" -u "$ACCESS:$SECRET" \
  -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
  "http://127.0.0.1:$PORT/" | grep -q ListAllMyBucketsResult; }
wait_for "signed S3 request with the given keys" signed_ok

log "up in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $T0}") s (mon/osd/rgw pids: $(cat $RUN/mon.a.pid) $(cat $RUN/osd.0.pid) $(cat $RUN/client.rgw.s3.pid)); data: $DATA"
echo "http://127.0.0.1:$PORT"
