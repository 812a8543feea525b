"""gunicorn settings for the production image (and the benchmarks)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn reads WEB_CONCURRENCY itself; two workers per core is its usual advice.
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2)))
# Threads, so that a slow client holds one thread, not a whole worker, and a connection
# that has sent nothing yet waits in the worker's poller, not in a thread. Clients that
# trickle their headers or bodies are absorbed by the buffering front (Varnish,
# deploy/varnish/default.vcl), which gunicorn must sit behind.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
timeout = 30
accesslog = "-"
# gunicorn's default line, less the query string and the Referer: they carry what people
# searched for (a condition, a patient's name in the staff's listing), and access logs
# are kept and shipped far from the database that holds such data under its rules.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Bounded requests, refused with a 400 before Django sees them: a request line (path and
# query) of up to 8 KB, at most 100 headers of 8 KB each. Bodies are limited by Django
# (MAX_REQUEST_BODY_SIZE, settings/base.py) as soon as their headers arrive.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
