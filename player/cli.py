"""The `lesson-player` command: serve lessons, check them, or render the built-in one.

lesson-player [serve] [--captions DIR] [--media DIR] [--host HOST] [--port PORT] [--production]
                      [--proxies N] [--prefix PATH]
lesson-player check [--captions DIR] [--media DIR]
lesson-player render LESSON_SCRIPT [...]     (see `lesson-player render --help`)
lesson-player export OUT_DIR [--captions DIR] [--media DIR]
lesson-player import VIDEO TRANSCRIPT [--slug S] [--title T] [--force] [...]   (see --help)
"""

from __future__ import annotations

import argparse
import sys

from . import create_app
from .config import lesson_library, settings
from .reporting import located, shown_path
from .warmup import warm_up


def _folders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--captions", metavar="DIR", help="folder of .vtt/.toml lesson files")
    parser.add_argument("--media", metavar="DIR", help="folder of lesson videos and posters")


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="lesson-player serve", description="Run the player.")
    _folders(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument(
        "--production", action="store_true", help="serve with waitress (player/production.py)"
    )
    parser.add_argument(
        "--proxies",
        type=int,
        metavar="N",
        help="N reverse proxies in front set X-Forwarded-For and -Proto (docs/deploy.md);"
        " otherwise those headers are ignored",
    )
    parser.add_argument(
        "--prefix",
        metavar="PATH",
        help="the path the player is served under, e.g. /education (docs/deploy.md)",
    )
    args = parser.parse_args(argv)
    config = {}
    if args.proxies is not None:
        config["PROXIES"] = args.proxies
    if args.prefix is not None:
        config["PATH_PREFIX"] = args.prefix
    try:
        app = create_app(args.captions, args.media, test_config=config or None)
    except ValueError as error:  # a --prefix that is not a path
        parser.error(str(error))
    lessons = app.extensions["lessons"]
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host
    shown_url = f"http://{shown_host}:{args.port}{app.config['PATH_PREFIX']}/"
    print(f"Lesson player: {len(lessons.slugs())} lesson(s) in {lessons.captions_dir}")
    warm_up(app)
    if args.production:
        from .production import serve as serve_production

        return serve_production(app, args.host, args.port)
    print(f"Open {shown_url} in your browser (Ctrl+C to stop).", flush=True)
    from werkzeug.serving import run_simple

    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)
    return 0


def check(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="lesson-player check",
        description="Validate every lesson and its glossary; print problems as path:line: message.",
    )
    _folders(parser)
    args = parser.parse_args(argv)
    library = lesson_library(settings(args.captions, args.media))
    lessons = library.all()
    folder = shown_path(library.captions_dir)
    if not lessons:
        print(f"{folder}: no lessons here (a lesson is a <slug>.vtt or <slug>.srt file)")
    for name, reason in library.skipped():  # files a publisher meant as lessons, misnamed
        print(f"{shown_path(library.captions_dir / name)}: {reason} (warning)")
    broken = glossaries = 0
    for lesson in lessons:
        for problem in lesson.problems:
            print(located(problem, lesson, library))
        for warning in lesson.warnings:
            print(f"{located(warning, lesson, library)} (warning)")
        problems = lesson.glossary.problems  # read with the lesson, lines and all
        for problem in problems:
            print(located(problem, lesson, library))
        broken += lesson.broken
        glossaries += bool(problems)
    summary = f"{folder}: {len(lessons)} lesson(s) checked, {broken} broken"
    if glossaries:
        summary += f", {glossaries} glossary file(s) with problems"
    print(f"{summary}.", file=sys.stderr)
    return 1 if broken or glossaries or not lessons else 0


def render(argv: list[str]) -> int:
    from .studio.cli import main as studio_main

    return studio_main(argv)


def export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="lesson-player export",
        description="Write every lesson as a static site (see docs/deploy.md). Exit status: "
        "0 all exported, 1 written without a broken lesson, 2 nothing written.",
    )
    parser.add_argument(
        "out_dir",
        metavar="OUT_DIR",
        help="the site's folder; only files a previous export wrote are replaced",
    )
    _folders(parser)
    args = parser.parse_args(argv)
    from .export import run

    return run(args.out_dir, captions_dir=args.captions, media_dir=args.media)


def import_lesson(argv: list[str]) -> int:
    from .importer.command import add_arguments, run

    parser = argparse.ArgumentParser(
        prog="lesson-player import",
        description="Make a lesson from a video and its transcript, aligned offline. Exit "
        "status: 0 imported, 2 bad input (nothing written).",
    )
    add_arguments(parser)
    _folders(parser)
    args = parser.parse_args(argv)
    return run(args, settings(args.captions, args.media))


COMMANDS = {
    "serve": serve,
    "check": check,
    "render": render,
    "export": export,
    "import": import_lesson,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    return serve(argv)


if __name__ == "__main__":
    sys.exit(main())
