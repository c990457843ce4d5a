#!/usr/bin/env bash
# A MariaDB of a fault test's own, which the test may stop and start again
# (the one scripts/test runs is shared by every test and must stay up).
#   private_mariadb.sh start DIR PORT   start (creating on first use); adds the
#                                       user opinus_test/opinus_test
#   private_mariadb.sh stop DIR         stop it cleanly and wait until it is gone
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/lib/mariadb.sh"

case "${1:-}" in
  start)
    mariadb_start "$2" "$3"
    mariadb_sql "$2" "CREATE USER IF NOT EXISTS 'opinus_test'@'127.0.0.1' IDENTIFIED BY 'opinus_test';
      GRANT ALL PRIVILEGES ON *.* TO 'opinus_test'@'127.0.0.1';"
    ;;
  stop)
    pid_file="$2/mariadb.pid"
    [ -f "$pid_file" ] || exit 0
    pid=$(cat "$pid_file")
    kill -TERM "$pid" 2>/dev/null || exit 0
    # Bounded: 60 s, then the hard way.
    for _ in $(seq 600); do
      kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
