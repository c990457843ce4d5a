#!/usr/bin/env bash
# A two-node MariaDB Galera cluster on loopback, for the test of write
# conflicts between cores that use different nodes.
#   galera_cluster.sh start DIR   starts both nodes under DIR (free ports),
#                                 waits until both are synced, makes the test
#                                 user, and prints the nodes' SQL ports
#   galera_cluster.sh stop DIR    stops them
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/lib/mariadb.sh"
command=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

# node_config N SQL_PORT GCOMM_PORT IST_PORT SST_PORT PEERS: node N's my.cnf.
node_config() {
  local node="$dir/node$1"
  mkdir -p "$node/data"
  cat >"$node/my.cnf" <<CNF
[mariadbd]
datadir=$node/data
socket=$node/mariadb.sock
pid-file=$node/mariadb.pid
log-error=$node/mariadb.err
port=$2
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=64M
binlog_format=ROW
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=opinus_test
wsrep_cluster_address=gcomm://$6
wsrep_node_address=127.0.0.1
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$3;ist.recv_addr=127.0.0.1:$4;gcache.size=32M"
wsrep_sst_receive_address=127.0.0.1:$5
wsrep_sst_method=rsync
# A read waits until the cluster's earlier commits are applied here, as an
# operator of Opinus on Galera sets it: a retried claim sees the winner's rows.
wsrep_sync_wait=1
$([ "$(id -u)" -eq 0 ] && echo "user=root")
[client]
socket=$node/mariadb.sock
CNF
}

# node_status N VARIABLE: one wsrep status value of node N ("" when down).
node_status() {
  mariadb --defaults-file="$dir/node$1/my.cnf" -u root -N -B \
    -e "SHOW STATUS LIKE '$2'" 2>/dev/null | cut -f2
}

# wait_synced N: until node N says Synced in a cluster of two (60 s at most).
wait_synced() {
  local tries=0
  until [ "$(node_status "$1" wsrep_local_state_comment)" = Synced ] &&
    [ "$(node_status "$1" wsrep_cluster_size)" = 2 -o "$1" = 1 ]; do
    if ! kill -0 "$(cat "$dir/node$1/mariadbd.pid.run")" 2>/dev/null; then
      echo "galera: node $1 died; last lines of its log:" >&2
      tail -n 30 "$dir/node$1/mariadb.err" >&2
      return 1
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 600 ] || { echo "galera: node $1 not synced after 60 s" >&2; return 1; }
    sleep 0.1
  done
}

# start_node N [ARG...]: runs node N's server in the background.
start_node() {
  local node="$dir/node$1"
  shift
  /usr/sbin/mariadbd --defaults-file="$node/my.cnf" "$@" >>"$node/mariadb.out" 2>&1 &
  echo $! >"$node/mariadbd.pid.run"
}

case "$command" in
start)
  ports=()
  for _ in 1 2 3 4 5 6 7 8; do ports+=("$(free_port)"); done
  peers="127.0.0.1:${ports[1]},127.0.0.1:${ports[5]}"
  node_config 1 "${ports[0]}" "${ports[1]}" "${ports[2]}" "${ports[3]}" "$peers"
  node_config 2 "${ports[4]}" "${ports[5]}" "${ports[6]}" "${ports[7]}" "$peers"
  mariadb-install-db --defaults-file=/dev/null --datadir="$dir/node1/data" --skip-test-db \
    --auth-root-authentication-method=socket $([ "$(id -u)" -eq 0 ] && echo --user=root) \
    >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  start_node 1 --wsrep-new-cluster
  wait_synced 1
  # Node 2 receives node 1's data by rsync, whose daemon drops root for nobody.
  [ "$(id -u)" -ne 0 ] || chown nobody:nogroup "$dir/node2/data"
  start_node 2
  wait_synced 2
  mariadb --defaults-file="$dir/node1/my.cnf" -u root -e "
    CREATE USER IF NOT EXISTS 'opinus_test'@'127.0.0.1' IDENTIFIED BY 'opinus_test';
    GRANT ALL PRIVILEGES ON *.* TO 'opinus_test'@'127.0.0.1';"
  echo "${ports[0]} ${ports[4]}"
  ;;
stop)
  for n in 2 1; do
    pid_file="$dir/node$n/mariadbd.pid.run"
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
  done
  ;;
*)
  echo "usage: galera_cluster.sh start|stop DIR" >&2
  exit 2
  ;;
esac
