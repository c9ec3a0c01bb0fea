#!/bin/bash
# make test-slurm: `tritium sweep --slurm` for real, on a single-node Slurm cluster started on this
# machine (Debian's slurm-wlm and munge; root, as both daemons need): a small sweep submitted as a job
# array plus its merge job, its merged tables compared with the same sweep run locally with -j 2, then
# the daemons stopped. Usage: tests/slurm/test_slurm.sh [path/to/tritium]
set -eu
TRITIUM=$(realpath "${1:-build/tritium}")
if [ "$(id -u)" != 0 ]; then
    echo "test-slurm: needs root (it starts munged, slurmctld and slurmd on this machine); run: sudo make test-slurm"
    exit 1
fi
missing=""
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    echo "test-slurm: installing$missing"
    apt-get install -y $missing >/dev/null
fi
WORK=$(mktemp -d /tmp/tritium-slurm-XXXXXX)
HOST=$(hostname -s)
started_munge=0
cleanup() {
    scontrol -f "$WORK/slurm.conf" shutdown >/dev/null 2>&1 || true
    sleep 1
    [ -f "$WORK/slurmd.pid" ] && kill "$(cat "$WORK/slurmd.pid")" 2>/dev/null || true
    [ -f "$WORK/slurmctld.pid" ] && kill "$(cat "$WORK/slurmctld.pid")" 2>/dev/null || true
    [ "$started_munge" = 1 ] && pkill -x munged 2>/dev/null || true
}
trap cleanup EXIT

# munge: a key, and the daemon
if [ ! -s /etc/munge/munge.key ]; then
    (mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null ||
     dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null)
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
fi
if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge && chown munge:munge /run/munge
    runuser -u munge -- /usr/sbin/munged
    started_munge=1
fi
munge -n | unmunge >/dev/null

# a one-node cluster: this host, its cores, one partition; state and logs in $WORK
mkdir -p "$WORK/state" "$WORK/spool"
cat > "$WORK/slurm.conf" <<CONF
ClusterName=tritium-test
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld
slurmd
for i in $(seq 1 30); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 1
done
echo "test-slurm: cluster up: $(sinfo -h -o '%P %D %T %c' 2>&1)"

SET="--set rows=8,16 --set cols=16,32 --set weights=2bit,base3 --set prefill=8 --set bandwidth_gbs=20 --set gflops=50"
# shellcheck disable=SC2086
"$TRITIUM" sweep $SET -o "$WORK/slurm-run" --slurm --chunk 3
for i in $(seq 1 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 1
done
if [ -n "$(squeue -h 2>/dev/null)" ]; then
    echo "test-slurm: FAIL: jobs still queued after 600 s"; squeue; exit 1
fi
echo "test-slurm: jobs done; the merge job's log:"
cat "$WORK"/slurm-run/slurm/merge-*.log
# shellcheck disable=SC2086
"$TRITIUM" sweep $SET -o "$WORK/local-run" -j 2 --quiet >/dev/null
# the same tables, but for the wall-time column of points.csv
for f in points layers; do
    [ -s "$WORK/slurm-run/$f.csv" ] || { echo "test-slurm: FAIL: no $f.csv from the Slurm run"; exit 1; }
done
if ! diff <(sed 's/,[^,]*$//' "$WORK/slurm-run/points.csv") <(sed 's/,[^,]*$//' "$WORK/local-run/points.csv") ||
   ! diff "$WORK/slurm-run/layers.csv" "$WORK/local-run/layers.csv"; then
    echo "test-slurm: FAIL: the Slurm run's tables differ from the local run's"
    exit 1
fi
n=$(($(wc -l < "$WORK/slurm-run/points.csv") - 1))
echo "test-slurm: ok: $n points over $(ls "$WORK"/slurm-run/slurm/points-*.log | wc -l) array tasks; points.csv and layers.csv equal to the local -j 2 run; plots: $(ls "$WORK/slurm-run/plots/"*.png | wc -l) PNG"
