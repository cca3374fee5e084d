"""Errors as friendly pages for people and as JSON for the API; never a traceback."""

from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

FRIENDLY_TITLES = {
    400: "That request could not be understood",
    404: "We could not find that page",
    405: "That is not something this page can do",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(status: int, title: str, message: str):
    if _wants_json():
        return jsonify({"error": title, "message": message, "status": status}), status
    return render_template("error.html", status=status, title=title, message=message), status


def handle_http_error(error: HTTPException):
    # Range errors (416) keep Werkzeug's own response: it carries Content-Range.
    if error.code == 416 or error.code is None or error.code < 400:
        return error
    title = FRIENDLY_TITLES.get(error.code, error.name)
    body, status = _render(error.code, title, error.description or "")
    return body, status, _own_headers(error)


def _own_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers the error's own answer carries besides its body's type: a 405's
    `Allow` (RFC 9110 15.5.6: it MUST be sent), a 401's `WWW-Authenticate`..."""
    return [(name, value) for name, value in error.get_headers() if name != "Content-Type"]


def handle_unexpected_error(error: Exception):
    return _render(
        500,
        "Something went wrong on our side",
        "The problem has been logged. Please try again, or choose another lesson.",
    )


def register(app) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, _log_and_handle(app))


def _log_and_handle(app):
    def handler(error: Exception):
        if isinstance(error, HTTPException):
            return handle_http_error(error)
        app.logger.exception("unhandled error on %s", request.path)
        return handle_unexpected_error(error)

    return handler
