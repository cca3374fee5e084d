"""The JSON API: the lesson list and each lesson with its parsed cues."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .library import lesson_or_404, library
from .serialize import lesson_dict, lesson_summary

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/lessons")
def lessons():
    return jsonify({"lessons": [lesson_summary(lesson) for lesson in library().all()]})


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    return jsonify(lesson_dict(lesson_or_404(slug)))
