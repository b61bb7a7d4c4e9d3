"""SEND Helper's web server: ``python server.py [--host H] [--port P]``.

Production: ``gunicorn 'server:create_app()'``. Settings come from the environment
(see README, "Running it for real").
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.web import create_app

__all__ = ["create_app", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run SEND Helper on this machine.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5005")))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The index is built (if missing or stale) before the first request, not on it.
    app = create_app()
    health = app.extensions["send_helper"].health()
    print(f"SEND Helper: {health['entries']} topics, {health['terms']} glossary terms "
          f"({health['knowledge']}). Open http://{args.host}:{args.port}/", flush=True)
    app.run(host=args.host, port=args.port, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
