"""Gunicorn settings for several workers on one machine:

    gunicorn -c gunicorn.conf.py 'server:create_app()'

Workers share conversations through var/state.sqlite3 (or Redis with REDIS_URL).
Threaded workers keep a slow reply from blocking the others; a slow *client* still
holds a thread while it sends, so on the open internet put a buffering proxy (nginx,
a load balancer) in front, or use ``python server.py`` (Waitress), which buffers each
request itself.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("SEND_HELPER_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("SEND_HELPER_THREADS", "8"))
timeout = 30
graceful_timeout = 10
keepalive = 5
