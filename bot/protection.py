"""What keeps the service safe to put on a council's website: rate limits, security
headers, CORS for the host sites that embed the widget, and access logs that do not
keep what parents typed.

- Rate limit: one budget per client (``SEND_HELPER_RATE_LIMIT``, e.g. "60 per minute;
  1000 per day") shared by every limited route; pages, the widget, /health,
  /openapi.json, /actions and CORS preflights are exempt. Counters live in memory
  (per process) or in Redis when ``REDIS_URL`` is set (shared by all workers); if Redis
  goes away the limiter counts in memory rather than refusing parents.
- CORS: only for ``SEND_HELPER_CORS_ORIGINS`` ("*" for any) and only on the chat and
  /api/ routes; any other origin gets no ``Access-Control-Allow-Origin`` at all.
- Headers: CSP (no inline script; the widget styles itself with a constructed
  stylesheet), nosniff, frame and referrer policy, CORP (``widget.js`` alone is
  cross-origin, so host sites can load it), no-store on API answers.
- Error bodies: a refusal or failure that leaves a parent's message unread (413, 429,
  any 5xx) carries ``emergency`` beside ``error``: the message may have been a
  disclosure. Flask-Limiter raises its 429 as a werkzeug ``HTTPException`` and sets no
  body of its own, so the app's HTTPException handler builds that body too.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, request

from bot.config import Config

log = logging.getLogger(__name__)

CORS_PATHS = ("/webhooks/rest/webhook", "/api/")
# Answers to one parent must not sit in a shared cache.
NO_STORE_PATHS = ("/webhooks/rest/webhook", "/api/", "/webhook", "/admin/", "/health")
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Content-Type"
# From "?" to the request line's " HTTP/1.1" (or the end): quotes inside the query
# ("I'm", '"') must not end it early and let the rest through.
_QUERY = re.compile(r"\?.*?(?=\sHTTP/\d|$)", re.DOTALL)
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")
# The one server-side wording; widget.js keeps the same text so it can show it offline.
EMERGENCY = ("If anyone is in danger now, call 999. If you are worried about a child, call the NSPCC "
             "helpline on 0808 800 5000. Children and young people can call Childline on 0800 1111.")
_UNREAD = (413, 429)
# The headers ``protect`` adds after the CSP, when a response has none of them, and every
# header it may set (lower case).
_ALWAYS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "strict-origin-when-cross-origin"),
           ("X-Frame-Options", "SAMEORIGIN"), ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
           ("Cross-Origin-Resource-Policy", "same-origin"))
_SET = frozenset(("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options",
                  "permissions-policy", "cross-origin-resource-policy", "strict-transport-security", "cache-control",
                  "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
                  "access-control-max-age", "access-control-expose-headers", "vary"))


def error_body(message: str, status: int, **extra) -> dict:
    """The JSON of an error response: ``{"error": ...}``, plus ``emergency`` whenever
    the parent's message went unread."""
    body = {"error": message, **extra}
    if status in _UNREAD or status >= 500:
        body["emergency"] = EMERGENCY
    return body


def content_security_policy(config: Config) -> str:
    connect = " ".join(["'self'", *sorted(o for o in config.cors_origins if o != "*")])
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src {connect}; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; "
            "object-src 'none'")


def protect(app: Flask, config: Config):
    """Add headers and CORS to every response; return the rate limiter (or None)."""
    allowed = set(config.cors_origins)
    csp = content_security_policy(config)
    _quiet_access_log()

    # What every response gets, in the order set below: a response that has none of
    # these headers yet (the usual case: the chat's and the API's JSON) takes them in one
    # extend, where setting them one by one scans the headers each time. Same headers,
    # same order.
    always = [("Content-Security-Policy", csp), *_ALWAYS]
    cors = [("Access-Control-Allow-Methods", CORS_METHODS), ("Access-Control-Allow-Headers", CORS_HEADERS),
            ("Access-Control-Max-Age", "600"), ("Access-Control-Expose-Headers", "Retry-After")]

    @app.after_request
    def headers(response):
        h = response.headers
        if _SET.isdisjoint([key.lower() for key, _ in h]):
            req = request._get_current_object()
            add = list(always)
            if req.is_secure:
                add.append(("Strict-Transport-Security", "max-age=31536000"))
            path = req.path
            if path.startswith(NO_STORE_PATHS):
                add.append(("Cache-Control", "no-store"))
            if path.startswith(CORS_PATHS):
                origin = req.headers.get("Origin")
                if origin and (origin in allowed or "*" in allowed):
                    add.append(("Access-Control-Allow-Origin", origin))
                    add += cors
                add.append(("Vary", "Origin"))
            h.extend(add)
            return response
        h.setdefault("Content-Security-Policy", csp)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "strict-origin-when-cross-origin"
        h["X-Frame-Options"] = "SAMEORIGIN"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        # widget.js sets "cross-origin" itself; nothing else is for other sites to embed.
        h.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.is_secure:
            h.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.path.startswith(NO_STORE_PATHS):
            h["Cache-Control"] = "no-store"
        origin = request.headers.get("Origin")
        if request.path.startswith(CORS_PATHS):
            if origin and (origin in allowed or "*" in allowed):
                h["Access-Control-Allow-Origin"] = origin
                h["Access-Control-Allow-Methods"] = CORS_METHODS
                h["Access-Control-Allow-Headers"] = CORS_HEADERS
                h["Access-Control-Max-Age"] = "600"
                h["Access-Control-Expose-Headers"] = "Retry-After"
            if "Origin" not in h.get("Vary", ""):
                h.add("Vary", "Origin")
        return response

    if not config.rate_limit:
        return None
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    hops = config.proxy_hops
    if hops:
        # Behind a reverse proxy every client would otherwise share the proxy's address.
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    limiter = Limiter(get_remote_address, app=app, application_limits=[config.rate_limit],
                      application_limits_exempt_when=_is_preflight,
                      storage_uri=config.redis_url or "memory://", strategy="moving-window",
                      key_prefix="send-helper",
                      # If Redis is down, limit in memory rather than refuse parents.
                      in_memory_fallback_enabled=bool(config.redis_url), swallow_errors=True,
                      headers_enabled=True)
    return limiter


def _is_preflight() -> bool:
    return request.method == "OPTIONS"


class _NoQueryStrings(logging.Filter):
    """Access-log lines keep the path, never the query string: a search is what an
    adviser typed, and it may name a child."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logged as it is
            return True
        if "?" in message:
            record.msg, record.args = _QUERY.sub("?[query removed]", message), None
        return True


def _quiet_access_log() -> None:
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoQueryStrings) for f in logger.filters):
            logger.addFilter(_NoQueryStrings())
