"""Finding lessons in a folder, loading them, and isolating a broken one."""

import os
import shutil

from player.lessons import LessonLibrary

LIMIT = 1_000_000


def library(captions, media):
    return LessonLibrary(captions, media, max_caption_bytes=LIMIT)


def test_a_lesson_exists_when_its_captions_file_does(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "second-lesson.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
    (captions / "Not_A_Slug.vtt").write_text("WEBVTT\n")
    assert library(captions, media).slugs() == ["sample", "second-lesson"]


def test_secondary_tracks_are_not_lessons(lesson_dirs):
    assert library(*lesson_dirs).slugs() == ["sample"]


def test_sample_lesson_loads_cues_chapters_callouts_and_metadata(lesson_dirs):
    lesson = library(*lesson_dirs).get("sample")
    assert lesson.title == "Sample lesson"
    assert lesson.summary == "A seven-second clip with four known cues."
    assert [c.start_ms for c in lesson.cues] == [500, 1500, 3500, 5000]
    assert lesson.cues[1].voice == "Dr. Lee"
    assert [c.title for c in lesson.chapters] == ["Where it spreads", "Symptoms"]
    assert lesson.regions == (("cervical",), ("thoracic", "t7"), ("nerves", "legs"), ())
    assert [s.mime for s in lesson.sources] == ["video/mp4"]
    assert lesson.related[0].url == "https://example.org/spine"
    assert not lesson.problems


def test_without_a_callouts_track_regions_come_from_the_words(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.callouts.vtt").unlink()
    lesson = library(captions, media).get("sample")
    assert lesson.regions == (("cervical",), ("thoracic",), ("legs",), ())
    assert "callouts" not in lesson.tracks


def test_unknown_callout_words_are_warnings_not_problems(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.callouts.vtt").write_text(
        "WEBVTT\n\n00:00.500 --> 00:01.500\nthoracic kidney\n"
    )
    lesson = library(captions, media).get("sample")
    assert not lesson.broken
    assert [str(w) for w in lesson.warnings] == [
        "sample.callouts.vtt:3: unknown region 'kidney' ignored"
    ]


def test_a_malformed_caption_file_breaks_only_its_lesson(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "broken.vtt").write_text("SRT maybe\n1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    lessons = library(captions, media)
    broken = lessons.get("broken")
    assert broken.broken
    assert broken.problems[0].file == "broken.vtt"
    assert broken.problems[0].line == 1
    assert not lessons.get("sample").broken


def test_missing_video_is_a_problem_that_names_the_files_to_add(lesson_dirs):
    captions, media = lesson_dirs
    (media / "sample.mp4").unlink()
    lesson = library(captions, media).get("sample")
    assert [str(p) for p in lesson.problems] == [
        "sample: no video: add sample.mp4 or sample.webm to the media folder"
    ]
    assert len(lesson.cues) == 4  # the transcript is still there to read


def test_bad_metadata_is_reported_with_its_line(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.toml").write_text('title = "ok"\nsummary = \n')
    lesson = library(captions, media).get("sample")
    assert lesson.problems[0].file == "sample.toml"
    assert lesson.problems[0].line == 2
    assert lesson.title == "Sample"


def test_related_links_must_be_http(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.toml").write_text('[[related]]\ntitle = "x"\nurl = "javascript:alert(1)"\n')
    lesson = library(captions, media).get("sample")
    assert lesson.related == ()
    assert "related #1 needs a title and an http(s) url" in str(lesson.problems[0])


def test_an_edited_caption_file_is_reloaded_without_restart(lesson_dirs):
    captions, media = lesson_dirs
    lessons = library(captions, media)
    assert len(lessons.get("sample").cues) == 4
    path = captions / "sample.vtt"
    path.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nOnly one\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert [c.text for c in lessons.get("sample").cues] == ["Only one"]


def test_a_half_written_file_recovers_once_the_write_completes(lesson_dirs):
    captions, media = lesson_dirs
    lessons = library(captions, media)
    path = captions / "sample.vtt"
    full = path.read_bytes()
    path.write_bytes(full[:3])  # "WEB": not yet a WebVTT file
    assert lessons.get("sample").broken
    path.write_bytes(full)
    assert not lessons.get("sample").broken


def test_the_same_unchanged_lesson_is_not_parsed_twice(lesson_dirs):
    lessons = library(*lesson_dirs)
    assert lessons.get("sample") is lessons.get("sample")


def test_an_empty_or_missing_captions_folder_has_no_lessons(tmp_path):
    assert library(tmp_path / "nowhere", tmp_path).slugs() == []
    assert library(tmp_path, tmp_path).all() == []


def test_unknown_or_hostile_slugs_are_not_lessons(lesson_dirs):
    lessons = library(*lesson_dirs)
    for slug in ["nope", "../sample", "Sample", "sample.chapters", ""]:
        assert lessons.get(slug) is None


def test_an_unreadable_captions_file_is_a_problem_not_a_crash(lesson_dirs):
    captions, media = lesson_dirs
    target = captions / "sample.vtt"
    target.unlink()
    target.mkdir()  # a folder where the file should be
    lesson = library(captions, media).get("sample")
    assert [str(p) for p in lesson.problems] == [
        "sample.vtt: not a regular file (a FIFO, device or folder); lessons are read from plain files"
    ]
    shutil.rmtree(target)


def test_a_missing_poster_is_a_warning_not_a_problem(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.toml").write_text('poster = "nowhere.jpg"\n')
    lesson = library(captions, media).get("sample")
    assert not lesson.broken
    assert lesson.poster is None
    assert [str(w) for w in lesson.warnings] == [
        "sample.toml: poster 'nowhere.jpg' is not in the media folder"
    ]


def test_regions_of_a_cue_are_those_of_every_callout_overlapping_it(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.callouts.vtt").write_text(
        "WEBVTT\n\n"
        "00:00.000 --> 00:06.000\nlungs\n\n"  # spans every cue
        "00:01.000 --> 00:01.500\nliver\n\n"  # ends exactly where cue 1 starts: not in it
        "00:01.400 --> 00:01.600\ncervical\n\n"  # straddles cues 0 and 1
        "00:05.500 --> 00:05.600\nlegs\n"  # inside cue 3
    )
    lesson = library(captions, media).get("sample")
    assert lesson.regions == (
        ("lungs", "liver", "cervical"),
        ("lungs", "cervical"),
        ("lungs",),
        ("lungs", "legs"),
    )
