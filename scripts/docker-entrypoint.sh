#!/bin/sh
# Container start: bring the database schema up to date, then run the given command
# (gunicorn by default). Set RUN_MIGRATIONS=0 on all but one instance when scaling
# out, or run migrations as a separate release step.
set -eu

if [ "${RUN_MIGRATIONS:-1}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
