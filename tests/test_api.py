"""The JSON API: lesson list, one lesson with its parsed cues, and errors as JSON."""

import os


def test_lesson_list_names_each_lesson_with_its_urls(client):
    body = client.get("/api/lessons").get_json()
    assert [item["slug"] for item in body["lessons"]] == ["sample"]
    item = body["lessons"][0]
    assert item["url"] == "/lessons/sample"
    assert item["api"] == "/api/lessons/sample"
    assert item["duration"] == 6.5
    assert item["cue_count"] == 4
    assert item["broken"] is False


def test_lesson_has_cues_in_seconds_with_plain_text_voice_and_regions(client):
    body = client.get("/api/lessons/sample").get_json()
    assert body["title"] == "Sample lesson"
    assert body["cues"][0] == {
        "index": 0,
        "id": "p1-1",
        "start": 0.5,
        "end": 1.5,
        "text": "Cancer can spread to the neck.",
        "voice": None,
        "regions": ["cervical"],
        "paragraph": 1,
        "words": [],
    }
    assert body["cues"][1]["voice"] == "Dr. Lee"
    assert body["cues"][1]["text"] == "Most tumours grow in the thoracic region."
    assert body["cues"][3]["text"] == "alert(1) stays text"


def test_timestamp_tags_become_words(client):
    cue = client.get("/api/lessons/sample").get_json()["cues"][2]
    assert cue["text"] == "Pain may spread to the legs & feet."
    assert cue["words"] == [
        {"start": 3.5, "text": "Pain may spread "},
        {"start": 4.0, "text": "to the "},
        {"start": 4.5, "text": "legs & feet."},
    ]


def test_lesson_lists_sources_tracks_chapters_and_related(client):
    body = client.get("/api/lessons/sample").get_json()
    assert body["sources"] == [{"url": "/media/sample.mp4", "type": "video/mp4"}]
    assert body["tracks"] == {
        "captions": "/captions/sample.vtt",
        "chapters": "/captions/sample.chapters.vtt",
        "callouts": "/captions/sample.callouts.vtt",
    }
    assert body["chapters"] == [
        {"start": 0.0, "end": 3.5, "title": "Where it spreads"},
        {"start": 3.5, "end": 7.0, "title": "Symptoms"},
    ]
    assert body["related"] == [{"title": "About the spine", "url": "https://example.org/spine"}]


def test_unknown_lesson_is_a_json_404(client):
    response = client.get("/api/lessons/nope")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["message"] == "There is no lesson called “nope”."


def test_broken_lesson_says_what_is_wrong_and_others_still_work(client, lesson_dirs):
    captions, _ = lesson_dirs
    (captions / "broken.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\x00")
    (captions / "bad.vtt").write_bytes(b"\xff\xfe garbage")
    body = client.get("/api/lessons/bad").get_json()
    assert body["broken"] is True
    assert body["problems"][0]["file"] == "bad.vtt"
    assert body["problems"][0]["line"] == 1
    listed = {
        item["slug"]: item["broken"] for item in client.get("/api/lessons").get_json()["lessons"]
    }
    assert listed["sample"] is False
    assert listed["bad"] is True
    assert client.get("/api/lessons/sample").status_code == 200


def test_api_errors_never_send_html(client):
    response = client.post("/api/lessons")
    assert response.status_code == 405
    assert response.is_json


def test_lesson_json_has_an_etag_and_answers_304_when_unchanged(client):
    first = client.get("/api/lessons/sample")
    etag = first.headers["ETag"]
    again = client.get("/api/lessons/sample", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_lesson_json_changes_when_its_captions_change(client, lesson_dirs):
    etag = client.get("/api/lessons/sample").headers["ETag"]
    (lesson_dirs[0] / "sample.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nNew\n")
    response = client.get("/api/lessons/sample", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert [c["text"] for c in response.get_json()["cues"]] == ["New"]


def test_lesson_has_its_glossary_terms_in_order(viewer_app):
    glossary = viewer_app.test_client().get("/api/lessons/sample").get_json()["glossary"]
    assert glossary["problems"] == []
    assert glossary["terms"][0] == {
        "key": "neck",
        "term": "Neck",
        "definition": "The top part of the spine, between the head and the shoulders.",
        "forms": ["Neck"],
    }
    assert [(t["key"], t["forms"]) for t in glossary["terms"]] == [
        ("neck", ["Neck"]),
        ("tumour", ["tumour", "tumours"]),
        ("thoracic", ["Thoracic"]),
    ]


def test_lesson_without_a_glossary_file_has_no_terms(client):
    assert client.get("/api/lessons/sample").get_json()["glossary"] == {
        "terms": [],
        "problems": [],
    }


def test_a_broken_glossary_says_why_and_leaves_the_lesson_whole(client, lesson_dirs):
    (lesson_dirs[0] / "sample.glossary.toml").write_text('[[term]]\nterm = "Spine"\n')
    body = client.get("/api/lessons/sample").get_json()
    assert body["glossary"] == {
        "terms": [],
        "problems": [
            {
                "file": "sample.glossary.toml",
                "line": 1,  # the [[term]] that lacks it
                "message": "term #1 (Spine) needs a 'definition'",
            }
        ],
    }
    assert body["broken"] is False
    assert len(body["cues"]) == 4


def test_an_edited_glossary_shows_up_with_a_new_etag(viewer_app, lesson_dirs):
    client = viewer_app.test_client()
    first = client.get("/api/lessons/sample")
    path = lesson_dirs[0] / "sample.glossary.toml"
    path.write_text('[[term]]\nterm = "Legs"\ndefinition = "What you walk on."\n')
    later = path.stat().st_mtime + 5  # surely a new version, however coarse the file clock
    os.utime(path, (later, later))
    again = client.get("/api/lessons/sample", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert [t["term"] for t in again.get_json()["glossary"]["terms"]] == ["Legs"]
    assert again.headers["ETag"] != first.headers["ETag"]


def test_lesson_lists_its_translations_with_their_tracks(viewer_app):
    client = viewer_app.test_client()
    body = client.get("/api/lessons/sample").get_json()
    assert body["translations"] == [
        {
            "language": "es",
            "name": "Español",
            "cue_count": 4,
            "captions": "/captions/sample.es.vtt",
        }
    ]
    track = client.get(body["translations"][0]["captions"], buffered=True)
    assert track.status_code == 200
    assert b"El c\xc3\xa1ncer puede extenderse al cuello." in track.data


def test_a_lesson_in_one_language_has_no_translations(client):
    assert client.get("/api/lessons/sample").get_json()["translations"] == []
