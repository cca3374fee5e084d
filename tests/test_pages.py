"""The HTML pages: a lesson, the default lesson at /, the catalogue, the empty state."""

import html
import re

from player import create_app


def test_root_shows_the_only_lesson(client):
    page = client.get("/").get_data(as_text=True)
    assert '<h1 class="lesson-title">Sample lesson</h1>' in page
    assert "All lessons" not in page


def test_lesson_page_has_video_sources_and_tracks(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert '<source src="/media/sample.mp4" type="video/mp4">' in page
    assert re.search(
        r'<track id="captions-track" kind="captions"[^>]*src="/captions/sample.vtt" default>', page
    )
    assert 'kind="chapters"' in page and 'kind="metadata"' in page


def test_transcript_has_one_line_per_cue_with_index_and_times(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    lines = re.findall(r'data-cue-index="(\d+)" data-start="([\d.]+)" data-end="([\d.]+)"', page)
    assert lines == [
        ("0", "0.5", "1.5"),
        ("1", "1.5", "3.0"),
        ("2", "3.5", "5.0"),
        ("3", "5.0", "6.5"),
    ]


def test_cue_text_is_escaped_never_markup(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "alert(1) stays text" in page
    assert "legs &amp; feet." in page


def test_speaker_is_shown(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert '<span class="speaker">Dr. Lee:</span>' in page


def test_spine_diagram_is_inline_with_regions(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    for region in ["cervical", "thoracic", "lumbar", "sacral"]:
        assert f'data-region="{region}"' in page


def test_with_several_lessons_a_catalogue_link_is_visible(client, lesson_dirs):
    (lesson_dirs[0] / "other.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/lessons">All lessons (2)</a>' in page
    catalogue = client.get("/lessons").get_data(as_text=True)
    assert 'href="/lessons/other"' in catalogue and 'href="/lessons/sample"' in catalogue


def test_unknown_lesson_is_a_friendly_404_page(client):
    response = client.get("/lessons/no-such-lesson")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_no_lessons_shows_how_to_add_one(tmp_path):
    client = create_app(captions_dir=tmp_path, media_dir=tmp_path).test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "No lessons yet" in response.get_data(as_text=True)
    assert client.get("/lessons").status_code == 200


def test_the_empty_state_names_no_folder_of_the_server(tmp_path):
    captions = tmp_path / "srv-secret-layout" / "captions"
    captions.mkdir(parents=True)
    client = create_app(captions_dir=captions, media_dir=tmp_path).test_client()
    for url in ("/", "/lessons"):
        page = client.get(url).get_data(as_text=True)
        assert "No lessons yet" in page
        assert "srv-secret-layout" not in page and str(tmp_path) not in page


def test_missing_captions_folder_is_the_empty_state_not_an_error(tmp_path):
    client = create_app(captions_dir=tmp_path / "missing", media_dir=tmp_path).test_client()
    assert "No lessons yet" in client.get("/").get_data(as_text=True)


def test_broken_lesson_page_says_file_line_and_reason(client, lesson_dirs):
    (lesson_dirs[0] / "broken.vtt").write_text("not webvtt\n")
    response = client.get("/lessons/broken")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "This lesson has a problem" in page
    assert "broken.vtt:1: " in page


def test_unexpected_errors_are_a_friendly_500_without_traceback(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Something went wrong" in response.get_data(as_text=True)
