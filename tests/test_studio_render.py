"""The studio end to end: a two-phrase lesson renders into valid, reproducible files, the
committed tracks are what the lesson script makes, and missing tools are named, not traced."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest
from studio_fixtures.vtt import CAPTIONS, REPO, SLUG, read_vtt

from player.studio.cli import main

FIXTURE = REPO / "tests" / "studio_fixtures" / "two-phrases.toml"


@pytest.fixture(scope="module", autouse=True)
def _tools():
    for tool, package in (("ffmpeg", "ffmpeg"), ("festival", "festival festvox-us-slt-hts")):
        if not shutil.which(tool):
            pytest.fail(f"the render tests need {tool}: apt-get install {package}")


def _render(out, cache) -> dict[str, str]:
    code = main(
        [str(FIXTURE), "--captions", str(out / "captions"), "--media", str(out / "media"),
         "--cache", str(cache)]
    )  # fmt: skip
    assert code == 0
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    cache = tmp_path_factory.mktemp("speech-cache")
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    return first, _render(first, cache), _render(second, cache)


def test_a_render_writes_every_file_of_the_lesson(renders):
    _, hashes, _ = renders
    assert sorted(hashes) == [
        "captions/two-phrases.callouts.vtt",
        "captions/two-phrases.chapters.vtt",
        "captions/two-phrases.toml",
        "captions/two-phrases.vtt",
        "media/two-phrases.jpg",
        "media/two-phrases.mp4",
        "media/two-phrases.webm",
    ]


def test_rendering_twice_gives_identical_bytes(renders):
    _, first, second = renders
    assert first == second


def test_the_rendered_captions_and_video_agree(renders):
    out, _, _ = renders
    cues = read_vtt(out / "captions" / "two-phrases.vtt")
    assert [c.plain for c in cues] == [
        "Most tumors start in the thoracic region,",
        "and they can weaken the bone.",
    ]
    # the second phrase names no region, so it lights none
    callouts = read_vtt(out / "captions" / "two-phrases.callouts.vtt")
    assert [(c.id, c.plain) for c in callouts] == [("p1-1", "thoracic")]
    info = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json",
             str(out / "media" / "two-phrases.mp4")],
            capture_output=True, check=True, text=True,
        ).stdout
    )  # fmt: skip
    codecs = sorted(s["codec_name"] for s in info["streams"])
    assert codecs == ["aac", "h264"]
    assert abs(float(info["format"]["duration"]) - cues[-1].end / 1000) <= 0.1


def test_committed_tracks_are_what_the_lesson_script_makes(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # the tracks name the script by its path from the repository
    code = main(
        [f"lessons/{SLUG}.toml", "--only-tracks", "--captions", str(tmp_path),
         "--cache", str(tmp_path / "cache")]
    )  # fmt: skip
    assert code == 0
    for suffix in (".vtt", ".chapters.vtt", ".callouts.vtt", ".descriptions.vtt", ".toml"):
        made = (tmp_path / f"{SLUG}{suffix}").read_text(encoding="utf-8")
        committed = (CAPTIONS / f"{SLUG}{suffix}").read_text(encoding="utf-8")
        assert made == committed, f"captions/{SLUG}{suffix} is stale: run the studio again"


def test_a_missing_ffmpeg_is_named_with_its_package(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main([str(FIXTURE), "--captions", str(tmp_path), "--media", str(tmp_path)]) == 2
    assert "apt-get install ffmpeg" in capsys.readouterr().err


def test_a_missing_festival_is_named_with_its_package(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    args = [str(FIXTURE), "--only-tracks", "--captions", str(tmp_path), "--cache", str(tmp_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "apt-get install festival" in err
    assert "Traceback" not in err


def test_a_broken_script_is_reported_in_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(FIXTURE.read_text().replace('kind = "fracture"', 'kind = "fireworks"'))
    assert main([str(broken), "--only-tracks", "--captions", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "unknown scene kind 'fireworks'" in err
