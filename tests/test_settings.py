"""Every command reads its settings one way (player/config.py): a LESSON_PLAYER_* variable or a
--captions / --media argument means the same to `serve`, `check`, `export`, `render` and to
create_app. Each command is run for real, up to the point where it would serve or render, and
the test records the lesson library (folders, size limits) or the render folders it used."""

from __future__ import annotations

import os

import pytest
import werkzeug.serving

import player.studio.cli
import player.studio.render
from player import cli, create_app
from player.config import DEFAULTS, settings
from player.lessons import LessonLibrary
from player.reporting import shown_path
from player.studio.errors import StudioError

CAPTION_LIMIT = 1_234_567
LESSON_LIMIT = 2_345_678


class Seen(list):
    """What a command used, in order (and, for render, `voice_files`)."""


@pytest.fixture
def used(monkeypatch):
    """What the command under test used: each lesson library it built, and the folders it
    rendered into; the dev server, the warm-up and the renderer are stubbed out."""
    seen = Seen()
    build = LessonLibrary.__init__

    def recording(library, *args, **kwargs):
        build(library, *args, **kwargs)
        seen.append(
            {
                "captions": library.captions_dir,
                "media": library.media_dir,
                "max_caption_bytes": library.max_caption_bytes,
                "max_lesson_bytes": library.max_lesson_bytes,
            }
        )

    def render(script, captions, media, *rest, voice_files=(None, None)):
        seen.append({"captions": captions, "media": media})
        voices.append(voice_files)
        raise StudioError("stopped by the test before rendering")

    voices: list = []
    seen.voice_files = voices  # what render was told of the Kokoro files

    monkeypatch.setattr(LessonLibrary, "__init__", recording)
    monkeypatch.setattr(player.studio.render, "render", render)
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *args, **kwargs: None)
    monkeypatch.setattr(cli, "warm_up", lambda app: None)
    return seen


@pytest.fixture
def clean_env(monkeypatch):
    """No LESSON_PLAYER_* variable from the shell running the tests."""
    for name in list(os.environ):
        if name.startswith("LESSON_PLAYER_"):
            monkeypatch.delenv(name)
    return monkeypatch


def run(command: str, tmp_path, captions=None, media=None) -> None:
    """`lesson-player COMMAND [--captions DIR --media DIR]`, or `create_app(captions, media)`."""
    if command == "create_app":
        create_app(captions, media)
        return
    folders = ["--captions", str(captions), "--media", str(media)] if captions else []
    if command == "export":
        assert cli.main(["export", str(tmp_path / "site"), *folders]) == 0
    elif command == "render":
        script = tmp_path / "lesson.toml"
        assert cli.main(["render", str(script), *folders]) == 2  # stopped by the stub
    else:
        cli.main([command, *folders])


COMMANDS = ["serve", "check", "export", "render", "create_app"]


def expected(captions, media, caption_limit, lesson_limit, command):
    folders = {"captions": captions.resolve(), "media": media.resolve()}
    if command == "render":  # it reads no lesson, so no limit applies
        return folders
    return {**folders, "max_caption_bytes": caption_limit, "max_lesson_bytes": lesson_limit}


@pytest.mark.parametrize("command", COMMANDS)
def test_environment_settings_reach_every_command(command, used, clean_env, lesson_dirs, tmp_path):
    captions, media = lesson_dirs
    clean_env.setenv("LESSON_PLAYER_CAPTIONS_DIR", str(captions))
    clean_env.setenv("LESSON_PLAYER_MEDIA_DIR", str(media))
    clean_env.setenv("LESSON_PLAYER_MAX_CAPTION_BYTES", str(CAPTION_LIMIT))
    clean_env.setenv("LESSON_PLAYER_MAX_LESSON_BYTES", str(LESSON_LIMIT))
    run(command, tmp_path)
    assert used
    want = expected(captions, media, CAPTION_LIMIT, LESSON_LIMIT, command)
    assert all(seen == want for seen in used), used


def test_the_kokoro_files_named_in_the_environment_reach_the_renderer(used, clean_env, tmp_path):
    clean_env.setenv("LESSON_PLAYER_KOKORO_MODEL", str(tmp_path / "official.onnx"))
    clean_env.setenv("LESSON_PLAYER_KOKORO_VOICES", str(tmp_path / "voices.bin"))
    run("render", tmp_path, tmp_path / "captions", tmp_path / "media")
    assert used.voice_files == [(tmp_path / "official.onnx", tmp_path / "voices.bin")]


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_arguments_beat_the_environment_in_every_command(
    command, used, clean_env, lesson_dirs, tmp_path
):
    captions, media = lesson_dirs
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    clean_env.setenv("LESSON_PLAYER_CAPTIONS_DIR", str(decoy))
    clean_env.setenv("LESSON_PLAYER_MEDIA_DIR", str(decoy))
    clean_env.setenv("LESSON_PLAYER_MAX_CAPTION_BYTES", str(CAPTION_LIMIT))
    run(command, tmp_path, captions, media)
    assert used
    want = expected(captions, media, CAPTION_LIMIT, DEFAULTS["MAX_LESSON_BYTES"], command)
    assert all(seen == want for seen in used), used


@pytest.mark.parametrize("command", ["serve", "check", "create_app"])
def test_without_settings_every_command_reads_the_built_in_lesson(
    command, used, clean_env, tmp_path
):
    run(command, tmp_path)
    assert used
    want = expected(
        DEFAULTS["CAPTIONS_DIR"],
        DEFAULTS["MEDIA_DIR"],
        DEFAULTS["MAX_CAPTION_BYTES"],
        DEFAULTS["MAX_LESSON_BYTES"],
        command,
    )
    assert all(seen == want for seen in used), used


def test_check_names_the_folder_the_environment_gives(clean_env, lesson_dirs, capsys):
    captions, media = lesson_dirs
    clean_env.setenv("LESSON_PLAYER_CAPTIONS_DIR", str(captions))
    clean_env.setenv("LESSON_PLAYER_MEDIA_DIR", str(media))
    assert cli.main(["check"]) == 0
    assert f"{shown_path(captions)}: 1 lesson(s) checked, 0 broken" in capsys.readouterr().err


def test_check_applies_the_caption_size_limit_the_environment_gives(clean_env, lesson_dirs, capsys):
    captions, media = lesson_dirs
    too_small = (captions / "sample.vtt").stat().st_size - 1
    clean_env.setenv("LESSON_PLAYER_MAX_CAPTION_BYTES", str(too_small))
    assert cli.main(["check", "--captions", str(captions), "--media", str(media)]) == 1
    assert "1 broken" in capsys.readouterr().err


def test_render_refuses_to_write_into_the_installed_package(clean_env, used, tmp_path, capsys):
    clean_env.setattr(player.studio.cli, "is_installed", lambda: True)
    assert cli.main(["render", str(tmp_path / "lesson.toml")]) == 2
    assert "--captions and --media" in capsys.readouterr().err
    assert used == []  # nothing rendered


def test_settings_read_numbers_from_the_environment_as_numbers(clean_env):
    clean_env.setenv("LESSON_PLAYER_MAX_CAPTION_BYTES", "5000")
    assert settings()["MAX_CAPTION_BYTES"] == 5000
