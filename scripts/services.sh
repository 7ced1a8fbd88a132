#!/usr/bin/env bash
# Starts the local services the tests use when they are down, then waits until each answers.
# Usage: scripts/services.sh [postgres] [redis] [nats] [mqtt]   (no argument: all four)
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() {
  case "$1" in
    postgres) pg_isready -q -h 127.0.0.1 -p 5432 ;;
    redis) [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] ;;
    nats) port_open 4222 ;;
    mqtt) port_open 1883 ;;
  esac
}

start() {
  case "$1" in
    postgres) pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start ;;
    redis) redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log ;;
    nats) start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log ;;
    mqtt) mosquitto -d -c /etc/mosquitto/mosquitto.conf ;;
  esac
}

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis nats mqtt)
status=0
for s in "${services[@]}"; do
  if ! ready "$s"; then
    echo "services: starting $s" >&2
    start "$s" >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 120); do ready "$s" && break; sleep 0.5; done
  if ready "$s"; then echo "services: $s is up" >&2; else echo "services: $s did not come up" >&2; status=1; fi
done
exit $status
