"""`lesson-player export`: the player as a static site, written safely and incrementally."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import FIXTURES, strings_in

from player import cli, staging
from player.manifest import MANIFEST_NAME
from player.security import CONTENT_SECURITY_POLICY


def run_cli(lesson_dirs, site, capsys) -> tuple[int, str, str]:
    captions, media = lesson_dirs
    status = cli.main(["export", str(site), "--captions", str(captions), "--media", str(media)])
    out, err = capsys.readouterr()
    return status, out, err


def files_in(folder: Path) -> dict[str, os.stat_result]:
    return {
        path.relative_to(folder).as_posix(): path.stat()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def add_second_lesson(lesson_dirs, slug="second") -> None:
    captions, media = lesson_dirs
    shutil.copy(captions / "sample.vtt", captions / f"{slug}.vtt")
    shutil.copy(media / "sample.mp4", media / f"{slug}.mp4")


def add_broken_lesson(lesson_dirs) -> None:
    captions, media = lesson_dirs
    (captions / "broken.vtt").write_text("NOT WEBVTT\n\n00:01.000 --> 00:02.000\nx\n")
    shutil.copy(media / "sample.mp4", media / "broken.mp4")


class _Urls(HTMLParser):
    """Every URL-valued attribute of a page (href, src, poster) and its JSON data blocks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.json_blocks: list[str] = []
        self._in_json = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("href", "src", "poster") and v is not None]
        self._in_json = tag == "script" and ("type", "application/json") in attrs

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks.append(data)
            self._in_json = False


def is_root_absolute(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


# --- what the site holds -------------------------------------------------------------


def test_the_site_holds_pages_json_tracks_media_static_files_and_a_404_page(export, site):
    export()
    files = files_in(site)
    for name in [
        "index.html",
        "lessons/index.html",
        "lessons/sample/index.html",
        "api/lessons.json",
        "api/lessons/sample.json",
        "captions/sample.vtt",
        "captions/sample.chapters.vtt",
        "captions/sample.callouts.vtt",
        "media/sample.mp4",
        "static/js/main.js",
        "static/js/sync.js",
        "static/css/player.css",
        "static/favicon.svg",
        "404.html",
    ]:
        assert name in files, name
    # the repository's lesson media folder (static/media/) is not page assets
    assert not [name for name in files if name.startswith("static/media/")]
    assert not [name for name in files if name.endswith(".toml")]


def test_a_translations_track_is_exported_with_the_page_that_uses_it(export, lesson_dirs, site):
    captions, _ = lesson_dirs
    shutil.copy(FIXTURES / "viewer" / "sample.es.vtt", captions / "sample.es.vtt")
    export()
    assert (site / "captions/sample.es.vtt").is_file()
    assert 'src="../../captions/sample.es.vtt"' in (site / "lessons/sample/index.html").read_text()


def test_the_media_and_tracks_are_the_files_the_server_serves(export, site, client):
    export()
    assert (site / "media/sample.mp4").read_bytes() == client.get("/media/sample.mp4").data
    assert (site / "captions/sample.vtt").read_bytes() == client.get("/captions/sample.vtt").data


def test_scripts_and_styles_are_exported_as_the_server_sends_them(export, site, client):
    export()
    for path in ("static/js/main.js", "static/js/sync.js", "static/css/player.css"):
        served = client.get("/" + path).data
        assert (site / path).read_bytes() == served, path
        assert b"/*" not in served[:200] and not served.startswith(b"//"), "comments are left out"


def test_the_transcript_download_a_page_links_to_is_exported_as_served(export, site, client):
    export()
    served = client.get("/lessons/sample/transcript.txt")
    assert served.status_code == 200
    assert (site / "lessons/sample/transcript.txt").read_bytes() == served.data


@pytest.mark.parametrize(
    ("server_path", "exported"),
    [("/", "index.html"), ("/lessons/sample", "lessons/sample/index.html")],
)
def test_the_root_page_and_the_lesson_page_are_the_servers_pages_with_relative_urls(
    export, site, client, server_path, exported
):
    export()
    page = (site / exported).read_text()
    assert as_server_page(page, exported) == client.get(server_path).get_data(as_text=True)


def as_server_page(page: str, exported: str) -> str:
    """An exported page turned back into the server's: the two meta tags the export adds
    removed, and each relative URL resolved and made root-absolute again."""
    page = re.sub(
        r'\n  <meta (http-equiv="Content-Security-Policy"|name="referrer")[^>]*>', "", page
    )
    base = "http://site/" + exported

    def back(match: re.Match) -> str:
        url = match[2]
        if url.startswith(("#", "http:", "https:", "data:")):
            return match[0]
        parts = urlsplit(urljoin(base, url))
        path = parts.path.removesuffix("/") or "/"
        path = re.sub(r"^/api/(lessons(?:/[^/]+)?)\.json$", r"/api/\1", path)
        return f'{match[1]}="{path}{"?" + parts.query if parts.query else ""}"'

    return re.sub(r'(href|src|poster)="([^"]*)"', back, page)


def test_no_root_absolute_url_is_left_in_any_page_or_json(export, lesson_dirs, site):
    add_second_lesson(lesson_dirs)
    export()
    for name in files_in(site):
        path = site / name
        if name.endswith(".html"):
            found = _Urls(path.read_text())
            assert not [u for u in found.urls if is_root_absolute(u)], name
            for block in found.json_blocks:
                assert not [s for s in strings_in(json.loads(block)) if is_root_absolute(s)], name
        elif name.endswith(".json"):
            strings = strings_in(json.loads(path.read_text()))
            assert not [s for s in strings if is_root_absolute(s)], name


def test_every_relative_url_in_a_page_points_at_an_exported_file(export, lesson_dirs, site):
    add_second_lesson(lesson_dirs)
    export()
    for name in files_in(site):
        if not name.endswith(".html"):
            continue
        for url in _Urls((site / name).read_text()).urls:
            if url.startswith(("#", "http:", "https:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), urlsplit(url).path))
            if urlsplit(url).path.endswith("/"):
                target = posixpath.join(target, "index.html")
            assert (site / target).is_file(), f"{name}: {url}"


def test_links_to_pages_end_in_a_slash(export, lesson_dirs, site):
    add_second_lesson(lesson_dirs)
    export()
    catalogue = (site / "lessons/index.html").read_text()
    assert 'href="sample/"' in catalogue and 'href="second/"' in catalogue
    assert 'href="../../"' in (site / "lessons/sample/index.html").read_text()
    assert 'href="lessons/"' in (site / "index.html").read_text()


def test_the_lesson_json_is_the_apis_with_urls_relative_to_the_json_file(export, site, client):
    export()
    exported = json.loads((site / "api/lessons/sample.json").read_text())
    served = client.get("/api/lessons/sample").get_json()
    assert exported["cues"] == served["cues"]
    assert exported["chapters"] == served["chapters"]
    assert exported["url"] == "../../lessons/sample/"
    assert exported["api"] == "sample.json"
    assert exported["sources"] == [{"url": "../../media/sample.mp4", "type": "video/mp4"}]
    assert exported["tracks"]["captions"] == "../../captions/sample.vtt"
    listed = json.loads((site / "api/lessons.json").read_text())["lessons"]
    assert [(item["slug"], item["api"]) for item in listed] == [("sample", "lessons/sample.json")]


def test_pages_carry_the_servers_policy_in_meta_tags_without_frame_ancestors(export, site):
    export()
    page = (site / "lessons/sample/index.html").read_text()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    assert "frame-ancestors" in CONTENT_SECURITY_POLICY
    assert policy == CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'self'", "")
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page
    # first in <head> after the charset: a meta policy covers only what follows it
    assert page.index("Content-Security-Policy") < page.index("<link")


def test_the_404_page_is_the_servers_not_found_page(export, site):
    export()
    page = (site / "404.html").read_text()
    assert "We could not find that page" in page
    assert 'href="static/css/player.css"' in page


# --- incremental -----------------------------------------------------------------------


def test_a_second_export_of_unchanged_lessons_reuses_every_file(export, site):
    export()
    before = files_in(site)
    summary = export()
    after = files_in(site)
    assert after.keys() == before.keys()
    for name, stat in after.items():
        assert (stat.st_ino, stat.st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns)
    assert summary.tally.written == 0
    assert summary.tally.reused == len([name for name in after if name != MANIFEST_NAME])


def test_a_changed_lesson_rewrites_its_files_and_leaves_the_others_alone(export, lesson_dirs, site):
    add_second_lesson(lesson_dirs)
    export()
    before = files_in(site)
    captions, _ = lesson_dirs
    vtt = captions / "second.vtt"
    vtt.write_text(vtt.read_text().replace("stays text", "is still text"))
    export()
    after = files_in(site)
    # (and the search index: tests/test_export_search.py checks which part of it changes)
    changed = {
        name
        for name in after
        if not name.startswith("pagefind/") and after[name].st_ino != before[name].st_ino
    }
    assert {
        "captions/second.vtt",
        "lessons/second/index.html",
        "api/lessons/second.json",
    } <= changed
    # the manifest changes with them: it lists their sizes and hashes
    assert [name for name in changed if "second" not in name] == [MANIFEST_NAME]
    assert "media/second.mp4" not in changed


def test_unchanged_files_are_compared_by_content_not_by_date(export, lesson_dirs, site):
    export()
    _, media = lesson_dirs
    video = media / "sample.mp4"
    data = bytearray(video.read_bytes())
    data[-1] ^= 0xFF  # same size, same mtime, one byte different
    stat = video.stat()
    video.write_bytes(bytes(data))
    os.utime(video, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    export()
    assert (site / "media/sample.mp4").read_bytes() == bytes(data)


# --- broken lessons, failures and refusals --------------------------------------------------


def test_a_broken_lesson_is_reported_and_skipped_and_the_status_is_1(lesson_dirs, site, capsys):
    add_broken_lesson(lesson_dirs)
    status, out, err = run_cli(lesson_dirs, site, capsys)
    assert status == 1
    assert f"{lesson_dirs[0] / 'broken.vtt'}:1: not a WebVTT file" in err  # its path, as check
    assert "skipped lesson broken" in err
    assert not (site / "lessons/broken").exists()
    assert not list(site.glob("*/broken*"))
    assert "broken" not in (site / "lessons/index.html").read_text()
    assert [
        item["slug"] for item in json.loads((site / "api/lessons.json").read_text())["lessons"]
    ] == ["sample"]
    assert "Exported 1 lesson(s)" in out and "1 broken lesson(s) skipped" in out


def test_a_clean_export_says_what_it_wrote_and_exits_0(lesson_dirs, site, capsys):
    status, out, err = run_cli(lesson_dirs, site, capsys)
    assert status == 0
    assert re.search(r"  sample: \d+ files, \d+ written \([\d.]+ [kM]?B\), 0 reused", out)
    assert re.search(r"Exported 1 lesson\(s\) to .*: \d+ files, \d+ written", out)
    assert err == ""


def test_a_failed_write_leaves_the_previous_export_intact(
    export, lesson_dirs, site, monkeypatch, capsys
):
    export()
    before = {name: (site / name).read_bytes() for name in files_in(site)}
    inodes = {name: stat.st_ino for name, stat in files_in(site).items()}
    captions, _ = lesson_dirs
    toml = captions / "sample.toml"
    toml.write_text(toml.read_text().replace("Sample lesson", "Renamed lesson"))
    real_write = staging._write_bytes

    def disk_full_at_the_json(path, data):
        if path.name == "sample.json":
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(staging, "_write_bytes", disk_full_at_the_json)
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert "No space left on device" in err
    assert {name: (site / name).read_bytes() for name in files_in(site)} == before
    assert {name: stat.st_ino for name, stat in files_in(site).items()} == inodes
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no half-built folder


def test_without_an_atomic_exchange_the_previous_export_is_still_replaced_whole(
    export, lesson_dirs, site, monkeypatch
):
    export()
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    add_second_lesson(lesson_dirs)
    export()
    assert (site / "lessons/second/index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_folder_that_is_not_an_export_is_never_replaced(lesson_dirs, site, capsys):
    site.mkdir(parents=True)
    (site / "notes.txt").write_text("mine")
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert "not an export" in err
    assert (site / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]


def test_a_symbolic_link_is_not_replaced_by_a_folder(lesson_dirs, site, tmp_path, capsys):
    (tmp_path / "real").mkdir()
    site.parent.mkdir(parents=True)
    site.symlink_to(tmp_path / "real")
    status, _, err = run_cli(lesson_dirs, site, capsys)
    assert status == 2
    assert "symbolic link" in err
    assert site.is_symlink()


def test_with_no_lesson_to_export_nothing_is_written(tmp_path, site, capsys):
    status = cli.main(["export", str(site), "--captions", str(tmp_path), "--media", str(tmp_path)])
    assert status == 2
    assert "no lesson to export" in capsys.readouterr().err
    assert not site.exists()


def test_the_exported_folder_is_readable_by_a_web_server(export, site):
    export()
    assert site.stat().st_mode & 0o755 == 0o755
