"""Docker's HEALTHCHECK: exits 0 when gunicorn answers /healthz (the process is up),
1 otherwise. Python's standard library only: the slim image has no curl. It asks the
liveness check, never /readyz, so that a database outage does not get every container
restarted (the load balancer asks /readyz and stops routing to it instead)."""

import os
import sys
import urllib.request

port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rpartition(":")[2]
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"healthcheck: {error}", file=sys.stderr)
    sys.exit(1)
