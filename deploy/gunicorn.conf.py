"""gunicorn's settings for Regiekamer behind a reverse proxy that terminates TLS (docs/deployment.md).

Every value can be overridden on the command line (`gunicorn -c deploy/gunicorn.conf.py --bind ...`).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
# Only the proxy on this machine talks to gunicorn; it must not listen on a public address.
bind = os.environ.get("REGIEKAMER_BIND", "127.0.0.1:8000")
# Two workers per core plus one, the usual start; pages are mostly database-bound.
workers = int(os.environ.get("REGIEKAMER_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Exports and PDF letters can take a while; anything longer belongs in a background task.
timeout = int(os.environ.get("REGIEKAMER_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then, so that a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# The proxy is the only one allowed to say "this came in over https" (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("REGIEKAMER_PROXY_IPS", "127.0.0.1,::1")
# Logs to stdout/stderr: journald (systemd) or the container runtime keeps them.
accesslog = "-"
errorlog = "-"
# No query strings in the access log: search forms could carry a postcode and house number.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
