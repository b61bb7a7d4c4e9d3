"""The pages people open: the demo page with the widget, the adviser page, the widget
script and its static files, health and the API description. None is rate-limited."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, send_from_directory

STATIC = Path(__file__).parent / "static"
blueprint = Blueprint("site", __name__)


@blueprint.get("/")
def home():
    return send_from_directory(STATIC, "index.html")


@blueprint.get("/adviser")
def adviser():
    return send_from_directory(STATIC, "adviser.html")


@blueprint.get("/widget.js")
def widget():
    response = send_from_directory(STATIC, "widget.js", max_age=300)
    # Host sites load this script from their own pages.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@blueprint.get("/static/<path:name>")
def static_file(name: str):
    return send_from_directory(STATIC, name, max_age=300)


@blueprint.get("/health")
def health():
    return jsonify(current_app.extensions["send_helper"].health())


@blueprint.get("/openapi.json")
def openapi():
    from bot.openapi import spec
    return jsonify(spec())
