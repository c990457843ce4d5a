# Functions to run a private MariaDB server under a folder of ours, without
# systemd. Source this file; it defines mariadb_start and mariadb_stop.

# mariadb_start DIR PORT: starts (creating on first use) a MariaDB whose data,
# socket and logs live in DIR, listening on 127.0.0.1:PORT. Sets MARIADB_PID.
# MARIADB_BUFFER_POOL sizes InnoDB's buffer pool (default 128M, enough for tests).
mariadb_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local cnf="$dir/my.cnf"
  cat >"$cnf" <<CNF
[mariadbd]
datadir=$dir/data
socket=$dir/mariadb.sock
pid-file=$dir/mariadb.pid
log-error=$dir/mariadb.err
port=$port
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=${MARIADB_BUFFER_POOL:-128M}
innodb_flush_log_at_trx_commit=1
$( [ "$(id -u)" -eq 0 ] && echo "user=root" )
[client]
socket=$dir/mariadb.sock
port=$port
CNF
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --defaults-file="$cnf" --skip-test-db --auth-root-authentication-method=socket \
      >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
  fi
  /usr/sbin/mariadbd --defaults-file="$cnf" >>"$dir/mariadb.out" 2>&1 &
  MARIADB_PID=$!
  local tries=0
  until mariadb-admin --defaults-file="$cnf" ping >/dev/null 2>&1; do
    if ! kill -0 "$MARIADB_PID" 2>/dev/null; then
      echo "mariadb: failed to start; last lines of $dir/mariadb.err:" >&2
      tail -n 20 "$dir/mariadb.err" >&2
      return 1
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 300 ] || { echo "mariadb: not ready after 30 s" >&2; return 1; }
    sleep 0.1
  done
}

# mariadb_sql DIR SQL: runs SQL as root through the socket.
mariadb_sql() {
  mariadb --defaults-file="$1/my.cnf" -u root -e "$2"
}

# mariadb_stop: stops the server started by mariadb_start, cleanly.
mariadb_stop() {
  [ -n "${MARIADB_PID:-}" ] || return 0
  kill -TERM "$MARIADB_PID" 2>/dev/null || true
  wait "$MARIADB_PID" 2>/dev/null || true
  MARIADB_PID=""
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
