"""Odd files in the folders the export reads (static/, media, captions): a symbolic link loop,
a dangling link, a link out of the folder, a FIFO. Each is skipped with a warning naming it;
the export never crashes on one and never waits on one."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import REPO
from test_export import run_cli

from player import create_app
from player.export import export_site
from player.manifest import previous_export
from player.publisher_files import NotARegularFile
from player.staging import Site


@pytest.fixture
def static(tmp_path) -> Path:
    """A copy of the app's static/ (without its media), to put odd files in."""
    return shutil.copytree(
        REPO / "static", tmp_path / "static", ignore=shutil.ignore_patterns("media")
    )


@pytest.fixture
def export_with_static(lesson_dirs, static, tmp_path):
    """Export the lesson with `static` as the app's static folder; returns the summary."""
    captions, media = lesson_dirs
    app = create_app(captions, media)
    app.static_folder = str(static)
    return lambda: export_site(tmp_path / "site", app=app)


def within_seconds(work, fifos: list[Path], seconds: float = 30):
    """`work()`'s result, or a failure if it is still running after `seconds` (then a
    writer opens and closes each FIFO, so that a reader stuck on one sees its end)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    stuck = thread.is_alive()
    if stuck:
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
    assert not stuck, "the export waited on a FIFO"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- static/ ---------------------------------------------------------------------------------


def test_symlink_loop_in_static_is_skipped_with_a_warning(export_with_static, static, tmp_path):
    (static / "js" / "a.js").symlink_to("b.js")
    (static / "js" / "b.js").symlink_to("a.js")
    summary = export_with_static()
    assert "static/js/a.js: skipped: it is a symbolic link loop" in summary.warnings
    assert "static/js/b.js: skipped: it is a symbolic link loop" in summary.warnings
    assert (tmp_path / "site" / "static" / "js" / "main.js").is_file()
    assert not os.path.lexists(tmp_path / "site" / "static" / "js" / "a.js")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("nowhere.js", "it is a dangling symbolic link"),
        ("../../outside/secret.txt", "it links out of its folder"),
    ],
)
def test_a_dangling_link_or_a_link_out_of_static_is_skipped_with_a_warning(
    export_with_static, static, tmp_path, target, reason
):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("not for the web")
    (static / "js" / "odd.js").symlink_to(target)
    summary = export_with_static()
    assert f"static/js/odd.js: skipped: {reason}" in summary.warnings
    assert not os.path.lexists(tmp_path / "site" / "static" / "js" / "odd.js")


def test_a_link_to_a_file_inside_static_is_exported_as_the_file(
    export_with_static, static, tmp_path
):
    (static / "js" / "alias.js").symlink_to("main.js")
    export_with_static()
    exported = tmp_path / "site" / "static" / "js" / "alias.js"
    assert not exported.is_symlink()
    assert exported.read_bytes() == (tmp_path / "site" / "static" / "js" / "main.js").read_bytes()


def test_fifo_in_static_is_skipped_without_being_read(export_with_static, static):
    fifo = static / "js" / "pipe.js"
    os.mkfifo(fifo)
    summary = within_seconds(export_with_static, [fifo])
    assert "static/js/pipe.js: skipped: it is a FIFO (a named pipe), not a file" in summary.warnings


# --- the media and captions folders --------------------------------------------------------------


def test_fifo_in_media_folder_does_not_hang_export(lesson_dirs, tmp_path, capsys):
    _, media = lesson_dirs
    fifo = media / "sample.webm"  # a name the sample lesson would play
    os.mkfifo(fifo)
    status, out, err = within_seconds(
        lambda: run_cli(lesson_dirs, tmp_path / "site", capsys), [fifo]
    )
    assert status == 0
    assert "warning: media/sample.webm: skipped: it is a FIFO (a named pipe), not a file" in err
    assert (tmp_path / "site" / "media" / "sample.mp4").is_file()


@pytest.mark.parametrize(
    ("name", "target", "reason"),
    [
        ("sample.webm", "sample.webm", "it is a symbolic link loop"),
        ("sample.jpg", "gone.jpg", "it is a dangling symbolic link"),
        ("sample.webm", "../outside/video.webm", "it links out of its folder"),
    ],
)
def test_an_odd_link_in_the_media_folder_is_skipped_with_a_warning(
    lesson_dirs, tmp_path, capsys, name, target, reason
):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "video.webm").write_bytes(b"not the lesson's")
    _, media = lesson_dirs
    (media / name).symlink_to(target)
    status, _, err = run_cli(lesson_dirs, tmp_path / "site", capsys)
    assert status == 0
    assert f"warning: media/{name}: skipped: {reason}" in err
    assert not os.path.lexists(tmp_path / "site" / "media" / name)


def test_copying_a_fifo_never_waits_for_a_writer(tmp_path):
    # the old copy compared a source with the previous export's file of the same size by
    # reading both: a FIFO (size 0) beside an empty file hung it
    previous = tmp_path / "site"
    (previous / "media").mkdir(parents=True)
    (previous / "media" / "x.mp4").write_bytes(b"")
    (previous / "api").mkdir()
    (previous / "api" / "lessons.json").write_text("{}")
    fifo = tmp_path / "x.mp4"
    os.mkfifo(fifo)
    (tmp_path / "new").mkdir()
    site = Site(tmp_path / "new", previous_export(previous))
    with pytest.raises(NotARegularFile):
        within_seconds(lambda: site.copy("media/x.mp4", fifo), [fifo])
