"""Gunicorn settings (read by ``gunicorn`` from the current folder):

    gunicorn -c gunicorn.conf.py 'server:create_app()'

Threaded workers serve the Socket.IO channel over WebSocket as well as long-polling;
each open chat holds one thread, and so does a client that sends its request slowly,
hence many threads (50 slow connections leave most of 128 free; a test holds to that). One worker by default: rasa-webchat
starts every connection by long-polling, and gunicorn cannot send a session's polls to
the worker that holds it. SEND_HELPER_WORKERS=N adds workers for REST and the action
server; rasa-webchat then needs sticky sessions (see README, "Socket.IO"). Workers
share conversations through var/state.sqlite3 (or Redis with REDIS_URL).

A slow *client* holds a thread while it sends, so on the open internet put a buffering
proxy (nginx, a load balancer) in front, or use ``python server.py`` (Waitress), which
buffers each request itself.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("SEND_HELPER_WORKERS", "1"))
worker_class = "gthread"
threads = int(os.environ.get("SEND_HELPER_THREADS", "128"))
timeout = 30
graceful_timeout = 10
keepalive = 5
