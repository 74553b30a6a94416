#!/usr/bin/env bash
# Runs the web server and the django-q2 worker together; Ctrl-C stops both.
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
$bin/python manage.py qcluster &
worker=$!
$bin/python manage.py runserver "$host:$port" &
web=$!
stop() {
  kill "$web" "$worker" 2>/dev/null
  wait "$web" "$worker" 2>/dev/null
  echo "Stopped the web server and the worker."
}
trap 'stop; exit 0' INT TERM
wait -n "$web" "$worker"
status=$?
stop
exit $status
