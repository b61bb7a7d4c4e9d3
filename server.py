"""SEND Helper's web server: ``python server.py [--host H] [--port P]``.

This is the production server for one machine: Waitress, which reads each request
whole before a worker thread sees it, so slow or stalled clients cannot tie up the
threads that answer parents. Waitress cannot hand a connection over to WebSocket, so
the Socket.IO channel long-polls here; each open rasa-webchat holds one thread while it
waits for news, hence more threads than the CPU alone would need. WebSocket, or more
workers: ``gunicorn -c gunicorn.conf.py 'server:create_app()'``. Settings come from the
environment (see README, "Running it for real").
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.config import Config
from bot.web import create_app

__all__ = ["create_app", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run SEND Helper on this machine.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5005")))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The index is built (if missing or stale) before the first request, not on it.
    app = create_app(Config.from_env(websocket=False))
    health = app.extensions["send_helper"].health()
    print(f"SEND Helper: {health['entries']} topics, {health['terms']} glossary terms "
          f"({health['knowledge']}). Open http://{args.host}:{args.port}/", flush=True)
    from waitress import serve
    serve(app, host=args.host, port=args.port, threads=int(os.environ.get("SEND_HELPER_THREADS", "32")),
          connection_limit=int(os.environ.get("SEND_HELPER_CONNECTION_LIMIT", "1000")),
          channel_timeout=30, ident="send-helper", clear_untrusted_proxy_headers=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
