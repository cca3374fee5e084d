"""`lesson-player export` never deletes what it did not write: it refuses to run around the
folders it reads, replaces only what its manifest lists, and keeps anything else it finds."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from test_export import add_second_lesson, files_in, run_cli

from player import cli, create_app, staging
from player.export import ExportError, export_site
from player.manifest import MANIFEST_NAME


def contents(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`, links not followed: its bytes and inode."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_ino)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def beside(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir())


# --- sources inside the site, the site inside a source ------------------------------------


@pytest.mark.parametrize("moved", [("captions", "media"), ("captions",), ("media",)])
def test_export_into_its_own_source_folder_is_refused_and_deletes_nothing(
    export, lesson_dirs, site, capsys, moved
):
    # issue 13: export once, keep the sources in the site, export again from there
    export()
    src = site / "src"
    folders = dict(zip(("captions", "media"), lesson_dirs, strict=True))
    for name in moved:
        folders[name] = shutil.copytree(folders[name], src / name)
    src.mkdir(exist_ok=True)
    (src / "NOTES.txt").write_text("my notes")
    before = contents(site)
    status = cli.main(
        [
            "export",
            str(site),
            "--captions",
            str(folders["captions"]),
            "--media",
            str(folders["media"]),
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert f"{src / moved[0]}, the {moved[0]} folder, is inside {site}" in err
    assert f"{site}: left as it was" in err
    assert contents(site) == before
    assert beside(site) == ["site"]


def test_export_into_a_folder_inside_its_captions_folder_is_refused(lesson_dirs, capsys):
    captions, media = lesson_dirs
    site = captions / "site"
    status = cli.main(["export", str(site), "--captions", str(captions), "--media", str(media)])
    assert status == 2
    assert f"{site} is inside {captions}, the captions folder" in capsys.readouterr().err
    assert not site.exists()


def test_export_around_the_static_folder_is_refused(lesson_dirs, tmp_path):
    captions, media = lesson_dirs
    site = tmp_path / "site"
    app = create_app(captions, media)
    app.static_folder = str(shutil.copytree(Path(app.static_folder) / "css", site / "css"))
    with pytest.raises(ExportError, match="the static folder, is inside"):
        export_site(site, app=app)
    assert sorted(p.name for p in site.iterdir()) == ["css"]


# --- what the manifest lists, and what it does not -------------------------------------------


def test_export_keeps_files_it_did_not_write(export, site):
    export()
    (site / "NOTES.txt").write_text("my notes")
    (site / "drafts").mkdir()
    (site / "drafts" / "next.md").write_text("a draft")
    (site / "lessons" / "sample" / "notes.txt").write_text("about this lesson")
    mine = ["NOTES.txt", "drafts/next.md", "lessons/sample/notes.txt"]
    before = {name: (site / name).read_bytes() for name in mine}
    inodes = {name: (site / name).stat().st_ino for name in mine}
    summary = export()
    assert {name: (site / name).read_bytes() for name in mine} == before
    assert {name: (site / name).stat().st_ino for name in mine} == inodes  # moved, never copied
    assert summary.kept == ["NOTES.txt", "drafts", "lessons/sample/notes.txt"]
    listed = json.loads((site / MANIFEST_NAME).read_text())["files"]
    assert not set(mine) & set(listed)


def test_the_manifest_lists_every_file_the_export_wrote_with_its_size_and_hash(export, site):
    export()
    manifest = json.loads((site / MANIFEST_NAME).read_text())
    assert (manifest["format"], manifest["version"]) == ("lesson-player-export", 1)
    assert set(manifest["files"]) == set(files_in(site)) - {MANIFEST_NAME}
    video = manifest["files"]["media/sample.mp4"]
    assert video["size"] == (site / "media/sample.mp4").stat().st_size
    assert video["sha256"] == hashlib.sha256((site / "media/sample.mp4").read_bytes()).hexdigest()


def test_export_replaces_only_what_its_manifest_lists(export, lesson_dirs, site):
    add_second_lesson(lesson_dirs)
    export()
    (site / "lessons" / "second" / "mine.txt").write_text("mine")
    (site / "media" / "trailer.mp4").write_bytes(b"my own video")
    captions, media = lesson_dirs
    (captions / "second.vtt").unlink()
    (media / "second.mp4").unlink()
    export()
    for gone in ["lessons/second/index.html", "api/lessons/second.json", "media/second.mp4"]:
        assert not (site / gone).exists(), gone
    assert (site / "lessons" / "second" / "mine.txt").read_text() == "mine"
    assert (site / "media" / "trailer.mp4").read_bytes() == b"my own video"


def test_a_file_it_did_not_write_where_it_must_write_is_refused_and_named(
    export, lesson_dirs, site, capsys
):
    export()
    (site / "lessons" / "second").mkdir()
    (site / "lessons" / "second" / "index.html").write_text("my page")
    add_second_lesson(lesson_dirs)
    before = contents(site)
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert f"{site / 'lessons' / 'second'} is in the way of the export and is not its own" in err
    assert contents(site) == before
    assert beside(site) == ["site"]


def test_a_page_edited_by_hand_after_the_export_is_not_overwritten(
    export, lesson_dirs, site, capsys
):
    export()
    (site / "index.html").write_text("my own home page")
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert f"{site / 'index.html'} is in the way" in err
    assert "changed since the last export wrote it" in err
    assert (site / "index.html").read_text() == "my own home page"


def test_a_file_only_touched_since_the_export_is_still_its_own(export, site):
    export()
    (site / "index.html").touch()
    export()  # same bytes, a new time: no refusal


def test_a_failed_swap_puts_the_files_it_did_not_write_back_in_place(
    export, lesson_dirs, site, monkeypatch, capsys
):
    export()
    (site / "NOTES.txt").write_text("my notes")
    (site / "drafts").mkdir()
    (site / "drafts" / "next.md").write_text("a draft")
    before = contents(site)
    add_second_lesson(lesson_dirs)

    def failing_exchange(a, b):
        raise OSError(errno.EIO, "Input/output error", str(b))

    monkeypatch.setattr(staging, "_exchange", failing_exchange)
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert "Input/output error" in err
    assert contents(site) == before
    assert beside(site) == ["site"]


def test_a_symbolic_link_in_the_site_is_never_followed(export, lesson_dirs, site, tmp_path, capsys):
    # the publisher swapped the exported media/ for a link to their own videos
    export()
    mine = tmp_path / "my-videos"
    mine.mkdir()
    (mine / "sample.mp4").write_bytes(b"my master copy")
    shutil.rmtree(site / "media")
    (site / "media").symlink_to(mine)
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert "a symbolic link, which the export never makes" in err
    assert (mine / "sample.mp4").read_bytes() == b"my master copy"
    assert (site / "media").is_symlink()


# --- an export by an earlier version, and manifests that cannot be trusted ---------------------


def test_an_export_without_a_manifest_is_replaced_but_files_it_did_not_name_are_kept(export, site):
    export()
    (site / MANIFEST_NAME).unlink()  # as the previous lesson-player left it
    (site / "NOTES.txt").write_text("my notes")
    (site / "lessons" / "sample" / "notes.md").write_text("about this lesson")
    (site / "src").mkdir()
    (site / "src" / "sample.vtt").write_text("WEBVTT\n")
    (site / "media" / "trailer.mp4").write_bytes(b"my own video")  # named as an export's
    summary = export()
    assert (site / "NOTES.txt").read_text() == "my notes"
    assert (site / "lessons" / "sample" / "notes.md").read_text() == "about this lesson"
    assert (site / "src" / "sample.vtt").read_text() == "WEBVTT\n"
    assert (site / "media" / "trailer.mp4").read_bytes() == b"my own video"
    assert (site / MANIFEST_NAME).is_file()
    assert summary.kept == ["NOTES.txt", "lessons/sample/notes.md", "media/trailer.mp4", "src"]
    assert any("had no manifest" in warning for warning in summary.warnings)


def test_an_export_without_a_manifest_has_its_files_replaced_by_the_new_ones(export, site):
    export()
    (site / MANIFEST_NAME).unlink()
    before = files_in(site)
    summary = export()
    assert files_in(site).keys() == before.keys() | {MANIFEST_NAME}
    assert summary.tally.written == 0  # its files, same bytes: reused
    assert summary.kept == []


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "something-else", "version": 1, "files": {}}', "not a lesson-player"),
        ('{"format": "lesson-player-export", "version": 2, "files": {}}', "manifest version 2"),
        (
            '{"format": "lesson-player-export", "version": 1, "files": '
            '{"../precious.txt": {"size": 4, "sha256": "x", "mtime_ns": 0}}}',
            "not a path inside the site",
        ),
    ],
)
def test_a_manifest_that_cannot_be_trusted_is_refused(
    export, lesson_dirs, site, capsys, manifest, message
):
    export()
    (site.parent / "precious.txt").write_text("mine")
    (site / MANIFEST_NAME).write_text(manifest)
    before = contents(site)
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert message in err
    assert contents(site) == before
    assert (site.parent / "precious.txt").read_text() == "mine"


def test_a_folder_left_by_an_interrupted_export_is_reported_not_deleted(export, site):
    export()
    left = site.parent / ".site.new-abc123"
    left.mkdir()
    (left / "NOTES.txt").write_text("moved out of site when the run was killed")
    summary = export()
    assert any(str(left) in warning and "interrupted" in warning for warning in summary.warnings)
    assert (left / "NOTES.txt").is_file()
