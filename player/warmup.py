"""Every lesson loaded when the server starts, in the background: the first viewer of a long
lesson then does not wait for its parsing (100,000 cues: ~6 s) and for its transcript to be
built (~1 s). A request that comes meanwhile shares the load under way, since the library
loads a lesson once at a time; the server answers from the first moment."""

from __future__ import annotations

import threading
import time

from .glossary import load_glossary
from .transcript import transcripts


def warm_up(app) -> threading.Thread:
    thread = threading.Thread(target=_load_all, args=(app,), name="warm-up", daemon=True)
    thread.start()
    return thread


def _load_all(app) -> None:
    started = time.perf_counter()
    try:
        with app.app_context():
            library = app.extensions["lessons"]
            lessons = library.all()
            for lesson in lessons:
                transcripts(lesson, load_glossary(library.captions_dir, lesson.slug))
    except Exception:  # a lesson that cannot load will say why when it is asked for
        app.logger.exception("warm-up stopped; lessons load when first asked for")
        return
    took = time.perf_counter() - started
    print(f"Warmed up: {len(lessons)} lesson(s) loaded in {took:.1f} s", flush=True)
