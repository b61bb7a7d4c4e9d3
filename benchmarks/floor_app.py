"""The floor for benchmarks/webhook.py: a Flask app that does nothing but answer JSON.

It takes the same request as the chat webhook (POST /webhooks/rest/webhook with a JSON
body), parses it and answers a one-message JSON list, so the difference between the two
is SEND Helper's own work (intent rules, search, state, answer text), not HTTP or Flask.

    python -m gunicorn -w 2 -b 127.0.0.1:PORT --chdir benchmarks 'floor_app:create_app()'
"""

from __future__ import annotations

from flask import Flask, jsonify, request


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/webhooks/rest/webhook")
    def webhook():
        body = request.get_json(force=True, silent=True) or {}
        return jsonify([{"recipient_id": body.get("sender", ""), "text": "hello"}])

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    return app
