"""What keeps the service safe to put on a council's website: rate limits, security
headers, and CORS for the host sites that embed the widget."""

from __future__ import annotations

import logging

from flask import Flask, request

from bot.config import Config

log = logging.getLogger(__name__)

CORS_PATHS = ("/webhooks/rest/webhook", "/api/")


def protect(app: Flask, config: Config):
    """Add headers and CORS to every response; return the rate limiter (or None)."""
    allowed = set(config.cors_origins)
    connect = " ".join(["'self'", *sorted(o for o in allowed if o != "*")])
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           f"connect-src {connect}; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        origin = request.headers.get("Origin")
        if origin and request.path.startswith(CORS_PATHS) and (origin in allowed or "*" in allowed):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        response.headers.add("Vary", "Origin")
        return response

    if not config.rate_limit:
        return None
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    storage = config.redis_url or "memory://"
    limiter = Limiter(get_remote_address, app=app, default_limits=[config.rate_limit],
                      storage_uri=storage, strategy="moving-window",
                      # If Redis is down, limit in memory rather than refuse parents.
                      in_memory_fallback_enabled=bool(config.redis_url), swallow_errors=True,
                      headers_enabled=True)
    return limiter
