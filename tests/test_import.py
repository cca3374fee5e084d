"""`lesson-player import VIDEO TRANSCRIPT`: a lesson from a video and a transcript.

Most tests use a fake aligner that spreads the words evenly over the audio (the aligner has its
own tests, tests/test_align.py); one imports with the real one, end to end.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from player import cli
from player.importer.cues import MAX_CUE_MS, cut_cues
from player.importer.media import moov_before_mdat
from player.studio.layout import MAX_LINE
from player.vtt import format_timestamp

REPO = Path(__file__).resolve().parent.parent
BUILTIN_MP4 = REPO / "static/media/metastatic-spinal-cancer.mp4"
# The built-in lesson's narration as Festival spoke it, with the synthesizer's own word
# times (tests/data/festival-lesson/README.md): the truth the aligner is measured against.
SPEECH = REPO / "tests/data/festival-lesson/narration.m4a"
BUILTIN_VTT = REPO / "tests/data/festival-lesson/captions.vtt"
CLIP_MS = 17_500  # the built-in lesson's first paragraph ends at 17.250 s
FIRST_PARAGRAPH = (
    "Metastatic spine cancer is a condition where cancerous cells that developed elsewhere in "
    "the body travel through the bloodstream or the body's lymphatic system and settle into "
    "the bone marrow of the vertebrae, forming tumors."
)
TAG = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d{3})>")


# -- the aligner -----------------------------------------------------------------------------


def _aligner_types():
    try:
        from player.align.result import AlignedWord, Alignment, AlignmentError
    except ImportError:  # before the aligner has landed: the interface it promises
        from dataclasses import dataclass

        @dataclass(frozen=True)
        class AlignedWord:
            text: str
            start_ms: int
            end_ms: int
            how: str

        @dataclass(frozen=True)
        class Alignment:
            words: tuple
            pronunciations: dict
            duration_ms: int

        class AlignmentError(Exception):
            pass

    return AlignedWord, Alignment, AlignmentError


def _duration_ms(media: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(media)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return round(float(json.loads(out)["format"]["duration"]) * 1000)


@pytest.fixture
def fake_aligner(monkeypatch):
    """Words spread evenly from 0.5 s to 0.5 s before the end, each "anchored" unless named in
    `fake.spread`; `fake.pronunciations` is returned as is; each step reports progress."""
    AlignedWord, Alignment, AlignmentError = _aligner_types()
    fake = types.SimpleNamespace(
        AlignedWord=AlignedWord,
        Alignment=Alignment,
        AlignmentError=AlignmentError,
        SUPPORTED_LANGUAGES=frozenset({"en"}),
        spread=set(),
        pronunciations={},
        calls=[],
        refuse=None,
    )

    def align(media, words, *, language="en", progress=None):
        fake.calls.append((Path(media), list(words), language))
        if fake.refuse:
            raise AlignmentError(fake.refuse)
        duration = _duration_ms(media)
        slot = (duration - 1000) / len(words)
        for step in ("decode", "recognise", "align"):
            if progress:
                progress(step, 0.5)
                progress(step, 1.0)
        aligned = tuple(
            AlignedWord(
                word,
                500 + round(i * slot),
                500 + round(i * slot + 0.8 * slot),
                "spread" if word in fake.spread else "anchored",
            )
            for i, word in enumerate(words)
        )
        return Alignment(aligned, dict(fake.pronunciations), duration)

    fake.align = align
    module = types.ModuleType("player.align")
    module.__dict__.update(vars(fake))
    import player

    monkeypatch.setitem(sys.modules, "player.align", module)
    monkeypatch.setattr(player, "align", module, raising=False)
    return fake


# -- the media -------------------------------------------------------------------------------


def _ffmpeg(*args: str) -> None:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True
    )


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """The built-in lesson's first 17.5 s as it would come from an editor (H.264/AAC MP4, index
    at the end), the same with fast start, a VP8/Vorbis WebM, a video with no audio, and a
    file that is no video at all."""
    folder = tmp_path_factory.mktemp("clips")
    clip = {
        "mp4": folder / "clip.mp4",
        "faststart": folder / "faststart.mp4",
        "webm": folder / "clip.webm",
        "silent": folder / "silent.mp4",
        "garbage": folder / "garbage.mp4",
    }
    spoken_clip(clip["mp4"])
    _ffmpeg("-i", str(clip["mp4"]), "-c", "copy", "-movflags", "+faststart", str(clip["faststart"]))
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=3",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
        "-c:v", "libvpx", "-c:a", "libvorbis", str(clip["webm"]),
    )  # fmt: skip
    _ffmpeg("-i", str(clip["mp4"]), "-an", "-c", "copy", str(clip["silent"]))
    clip["garbage"].write_bytes(b"this is not a video\n" * 100)
    return clip


def spoken_clip(dest: Path) -> None:
    """The built-in lesson's first CLIP_MS: its pictures, with the Festival narration whose
    word times are known (H.264/AAC MP4, index at the end, as an editor writes it)."""
    _ffmpeg(
        "-i", str(BUILTIN_MP4), "-i", str(SPEECH), "-map", "0:v:0", "-map", "1:a:0",
        "-t", f"{CLIP_MS / 1000}", "-c:v", "copy", "-c:a", "aac", "-b:a", "64k", str(dest),
    )  # fmt: skip


def _streams(media: Path) -> list[str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "json", str(media)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [stream["codec_name"] for stream in json.loads(out)["streams"]]


def _video_md5(media: Path) -> str:
    """The video stream's packets, hashed: equal when the stream was copied, not re-encoded."""
    command = ["ffmpeg", "-loglevel", "error", "-i", str(media), "-map", "0:v", "-c", "copy"]
    return subprocess.run(
        [*command, "-f", "md5", "-"], capture_output=True, text=True, check=True
    ).stdout


# -- running the command ---------------------------------------------------------------------


@pytest.fixture
def folders(tmp_path):
    return tmp_path / "captions", tmp_path / "media"


@pytest.fixture
def run_import(folders, capsys, tmp_path):
    """run_import(video, transcript_text, name=..., *options) -> (status, stdout, stderr)."""
    captions, media = folders

    def run(video, text, *options, name="lesson.txt", encoding="utf-8"):
        transcript = tmp_path / "in" / name
        transcript.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            transcript.write_bytes(text)
        else:
            transcript.write_text(text, encoding=encoding)
        argv = ["import", str(video), str(transcript), "--captions", str(captions)]
        status = cli.main([*argv, "--media", str(media), *options])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def _cues(vtt: str) -> list[tuple[str, str, str]]:
    """(id, timing, payload) per cue block of a file this command wrote."""
    blocks = vtt.strip().split("\n\n")[2:]  # the header, the note
    return [(b.split("\n")[0], b.split("\n")[1], "\n".join(b.split("\n")[2:])) for b in blocks]


def _plain(payload: str) -> str:
    return TAG.sub("", payload).replace("\n", " ")


def _ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)


def _check(folders, capsys) -> tuple[int, str]:
    captions, media = folders
    status = cli.main(["check", "--captions", str(captions), "--media", str(media)])
    out, _ = capsys.readouterr()
    return status, out


def _tree(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots if root.exists() for p in [root, *root.rglob("*")])


# -- what an import writes -------------------------------------------------------------------


def test_plain_text_becomes_captions_of_its_words_with_paragraph_ids(fake_aligner, run_import, clips, folders):  # fmt: skip
    text = f"{FIRST_PARAGRAPH}\n\nSee a doctor.\n"
    status, out, err = run_import(clips["mp4"], text, "--slug", "spine")
    assert status == 0, err
    cues = _cues((folders[0] / "spine.vtt").read_text())
    assert " ".join(_plain(payload) for _, _, payload in cues) == f"{FIRST_PARAGRAPH} See a doctor."
    ids = [cue_id for cue_id, _, _ in cues]
    assert ids[-1] == "p2-1"
    assert ids[:-1] == [f"p1-{n}" for n in range(1, len(ids))]
    assert f"{len(cues)} cues" in out


def test_each_word_but_the_first_of_a_cue_has_its_timestamp_tag(fake_aligner, run_import, clips, folders):  # fmt: skip
    run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    _, words, _ = fake_aligner.calls[0]
    slot = (_duration_ms(clips["mp4"]) - 1000) / len(words)
    expected = [500 + round(i * slot) for i in range(len(words))]
    cues = _cues((folders[0] / "spine.vtt").read_text())
    found = []
    for _, timing, payload in cues:
        found.append(_ms(timing.split(" --> ")[0]))
        tags = [
            ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)
            for h, m, s, ms in TAG.findall(payload)
        ]
        assert len(tags) == len(payload.split()) - 1
        found += tags
    assert found == expected
    assert cues[0][2].startswith(f"Metastatic <{format_timestamp(expected[1])}>spine ")


def test_cues_fit_two_lines_of_42_characters_and_7_seconds():
    AlignedWord, _, _ = _aligner_types()
    text = ("The spine has thirty-three bones, and each one protects the cord inside it. " * 6).split()  # fmt: skip
    slow = [AlignedWord(w, i * 900, i * 900 + 700, "anchored") for i, w in enumerate(text)]
    cues = cut_cues([slow])
    assert len(cues) > 8
    for cue in cues:
        assert cue.end_ms - cue.start_ms <= MAX_CUE_MS
        assert len(cue.text) <= 2 * MAX_LINE + 1
    assert [w for cue in cues for w in cue.words] == slow


def _timed(text: str, gap_ms: int = 300):
    AlignedWord, _, _ = _aligner_types()
    return [
        AlignedWord(word, i * gap_ms, i * gap_ms + gap_ms - 50, "anchored")
        for i, word in enumerate(text.split(" "))
    ]


def test_cues_are_cut_at_punctuation_not_inside_a_clause():
    words = _timed(
        "Back pain is common. Most of it passes within weeks, but some of it lasts, "
        "and then a doctor should look at it."
    )
    cues = [cue.text for cue in cut_cues([words])]
    assert cues == [
        "Back pain is common. Most of it passes within weeks, but some of it lasts,",
        "and then a doctor should look at it.",
    ]


def test_a_sentence_end_is_preferred_to_a_clause_end():
    words = _timed(
        "Pain in the back is common, and usually passes. It may last for weeks, or months for some."
    )
    assert [cue.text for cue in cut_cues([words])] == [
        "Pain in the back is common, and usually passes.",
        "It may last for weeks, or months for some.",
    ]


def test_a_pause_in_the_voice_is_where_a_cue_ends():
    AlignedWord, _, _ = _aligner_types()
    first = ["when", "the", "cancer", "reaches", "the", "bones", "of", "the", "spine"]
    second = ["the", "vertebrae", "can", "weaken", "and", "break", "under", "the", "weight"]
    words = [AlignedWord(w, i * 300, i * 300 + 250, "anchored") for i, w in enumerate(first)]
    words += [
        AlignedWord(w, 4000 + i * 300, 4000 + i * 300 + 250, "anchored")
        for i, w in enumerate(second)
    ]
    assert [cue.text for cue in cut_cues([words])] == [" ".join(first), " ".join(second)]


def test_markdown_headings_become_chapters_and_its_title_the_lessons(fake_aligner, run_import, clips, folders):  # fmt: skip
    text = textwrap.dedent("""\
        # Spine cancer

        ## What it is

        Metastatic spine cancer is a condition where cancerous cells that developed elsewhere
        in the body travel through the bloodstream

        ## How it spreads

        or the body's *lymphatic system* and settle into the [bone marrow](https://x.org) of
        the vertebrae, forming tumors.
        """)
    status, _, err = run_import(clips["mp4"], text, name="spine.md")
    assert status == 0, err
    captions = folders[0]
    chapters = _cues((captions / "spine.chapters.vtt").read_text())
    second_paragraph = next(c for c in _cues((captions / "spine.vtt").read_text()) if c[0] == "p2-1")  # fmt: skip
    second_start = second_paragraph[1].split(" --> ")[0]
    end = format_timestamp(_duration_ms(clips["mp4"]))
    assert chapters == [
        ("chapter-1", f"00:00:00.000 --> {second_start}", "What it is"),
        ("chapter-2", f"{second_start} --> {end}", "How it spreads"),
    ]
    assert 'title = "Spine cancer"' in (captions / "spine.toml").read_text()
    words = fake_aligner.calls[0][1]
    assert " ".join(words) == FIRST_PARAGRAPH  # headings, emphasis and link targets unspoken


def test_an_srt_transcript_gives_its_words_without_times_or_tags(fake_aligner, run_import, clips, folders):  # fmt: skip
    srt = textwrap.dedent("""\
        1
        00:00:00,500 --> 00:00:04,000
        <i>Metastatic spine cancer</i> is a condition

        2
        00:00:04,000 --> 00:00:09,000
        where cancerous cells that developed elsewhere in the body

        3
        00:00:09,200 --> 00:00:17,000
        - travel through the bloodstream
        """)
    status, _, err = run_import(clips["mp4"], srt, name="Spine Talk.srt")
    assert status == 0, err
    assert fake_aligner.calls[0][1] == [
        "Metastatic",
        "spine",
        "cancer",
        "is",
        "a",
        "condition",
        "where",
        "cancerous",
        "cells",
        "that",
        "developed",
        "elsewhere",
        "in",
        "the",
        "body",
        "travel",
        "through",
        "the",
        "bloodstream",
    ]
    assert (folders[0] / "spine-talk.vtt").is_file()  # the slug from the file name
    assert 'title = "Spine Talk"' in (folders[0] / "spine-talk.toml").read_text()


def test_a_webvtt_transcript_is_aligned_again(fake_aligner, run_import, clips):
    vtt = "WEBVTT\n\nNOTE hi\n\n00:01.000 --> 00:03.000\nSee a <00:02.000>doctor &amp; rest.\n"
    status, _, err = run_import(clips["mp4"], vtt, name="old.vtt", encoding="utf-8-sig")
    assert status == 0, err
    assert fake_aligner.calls[0][1] == ["See", "a", "doctor", "&", "rest."]


def test_callouts_name_the_regions_each_cue_talks_about(fake_aligner, run_import, clips, folders):  # fmt: skip
    run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    captions = {c[0]: c for c in _cues((folders[0] / "spine.vtt").read_text())}
    callouts = _cues((folders[0] / "spine.callouts.vtt").read_text())
    assert callouts
    for cue_id, timing, _payload in callouts:
        assert timing == captions[cue_id][1]
    named = " ".join(payload for _, _, payload in callouts).split()
    assert named == ["bloodstream", "lymphatic", "bone-marrow"]


def test_metadata_has_the_title_summary_language_and_poster(fake_aligner, run_import, clips, folders):  # fmt: skip
    run_import(clips["mp4"], f"{FIRST_PARAGRAPH}\n\nSee a doctor.", "--slug", "spine", "--title", "Spine")  # fmt: skip
    import tomllib

    meta = tomllib.loads((folders[0] / "spine.toml").read_text())
    assert meta == {
        "title": "Spine",
        "summary": FIRST_PARAGRAPH,
        "language": "en",
        "poster": "spine.jpg",
    }
    assert (folders[1] / "spine.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_the_imported_lesson_passes_check_with_no_warnings(fake_aligner, run_import, clips, folders, capsys):  # fmt: skip
    run_import(clips["mp4"], "# Spine\n\n## One\n\n" + FIRST_PARAGRAPH, "--slug", "spine")
    status, out = _check(folders, capsys)
    assert (status, out) == (0, "")


def test_the_api_serves_the_imported_lesson_with_word_timings(fake_aligner, run_import, clips, folders):  # fmt: skip
    from player import create_app

    run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    app = create_app(*folders, test_config={"TESTING": True})
    body = app.test_client().get("/api/lessons/spine").get_json()
    assert body["sources"] == [{"url": "/media/spine.mp4", "type": "video/mp4"}]
    assert body["cues"][0]["id"] == "p1-1"
    assert body["cues"][0]["words"][0]["text"].startswith("Metastatic")


def test_progress_is_shown_on_stderr_for_every_step(fake_aligner, run_import, clips):
    _, _, err = run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    steps = [line.split()[0] for line in err.splitlines() if "done in" in line]
    assert steps == ["decode", "recognise", "align", "write"]


def test_the_report_names_cues_to_review_and_guessed_pronunciations(fake_aligner, run_import, clips):  # fmt: skip
    fake_aligner.spread = {"lymphatic"}
    fake_aligner.pronunciations = {"metastatic": "M EH T AH S T AE T IH K"}
    _, out, _ = run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    flagged = [line for line in out.splitlines() if "spread evenly" in line]
    assert len(flagged) == 1 and "'lymphatic'" in flagged[0]
    assert re.search(r"^  metastatic\s+M EH T AH S T AE T IH K$", out, re.M)


# -- the video -------------------------------------------------------------------------------


def test_an_mp4_without_fast_start_is_remuxed_with_its_streams_copied(fake_aligner, run_import, clips, folders):  # fmt: skip
    assert not moov_before_mdat(clips["mp4"])
    run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    video = folders[1] / "spine.mp4"
    assert moov_before_mdat(video)
    assert _streams(video) == ["h264", "aac"]
    assert _video_md5(video) == _video_md5(clips["mp4"])


def test_a_fast_start_mp4_is_copied_as_it_is(fake_aligner, run_import, clips, folders):
    run_import(clips["faststart"], FIRST_PARAGRAPH, "--slug", "spine")
    assert (folders[1] / "spine.mp4").read_bytes() == clips["faststart"].read_bytes()


def test_a_webm_is_re_encoded_to_h264_and_aac(fake_aligner, run_import, clips, folders):
    status, out, err = run_import(clips["webm"], "A tone.", "--slug", "tone")
    assert status == 0, err
    video = folders[1] / "tone.mp4"
    assert _streams(video) == ["h264", "aac"]
    assert moov_before_mdat(video)
    assert "re-encoded" in out


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clip", "text", "options", "message"),
    [
        ("garbage", FIRST_PARAGRAPH, [], "not a video ffmpeg can read"),
        ("missing", FIRST_PARAGRAPH, [], "no such video file"),
        ("silent", FIRST_PARAGRAPH, [], "has no audio stream"),
        ("mp4", "\n  \n# Only a heading\n", [], "the transcript has no words"),
        ("mp4", "Hello there".encode("utf-16-le"), [], "looks like UTF-16"),
        ("mp4", FIRST_PARAGRAPH, ["--language", "fr"], "cannot do language fr"),
        ("mp4", FIRST_PARAGRAPH, ["--slug", "My Lesson"], "not a slug"),
    ],
    ids=[
        "unreadable-video",
        "missing-video",
        "no-audio",
        "empty-transcript",
        "utf16-without-bom",
        "unsupported-language",
        "invalid-slug",
    ],  # fmt: skip
)
def test_bad_input_is_refused_in_one_line_and_writes_nothing(fake_aligner, run_import, clips, folders, tmp_path, clip, text, options, message):  # fmt: skip
    video = clips.get(clip, tmp_path / "missing.mp4")
    status, out, err = run_import(video, text, *options)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err, err
    assert _tree(*folders) == []


def test_audio_the_aligner_cannot_use_is_refused_and_writes_nothing(fake_aligner, run_import, clips, folders):  # fmt: skip
    fake_aligner.refuse = "the audio stream cannot be decoded"
    status, out, err = run_import(clips["mp4"], FIRST_PARAGRAPH)
    assert (status, out) == (2, "")
    assert err == f"lesson-player import: {clips['mp4']}: the audio stream cannot be decoded\n"
    assert _tree(*folders) == []


def test_a_taken_slug_is_refused_unless_forced(fake_aligner, run_import, clips, folders):
    run_import(clips["mp4"], "# T\n\n## One\n\n" + FIRST_PARAGRAPH, "--slug", "spine")
    before = {p: p.read_bytes() for p in map(Path, _tree(*folders)) if p.is_file()}
    status, _, err = run_import(clips["mp4"], "See a doctor.", "--slug", "spine")
    assert status == 2 and "a lesson 'spine' exists" in err and "--force" in err
    assert {p: p.read_bytes() for p in map(Path, _tree(*folders)) if p.is_file()} == before


def test_force_replaces_the_lesson_and_removes_its_old_tracks(fake_aligner, run_import, clips, folders):  # fmt: skip
    captions, media = folders
    run_import(clips["mp4"], "# T\n\n## One\n\n" + FIRST_PARAGRAPH, "--slug", "spine")
    (media / "spine.webm").write_bytes(b"old video")
    (captions / "spine.glossary.toml").write_text("")
    status, out, err = run_import(clips["mp4"], "See a doctor.", "--slug", "spine", "--force")
    assert status == 0, err
    cues = _cues((captions / "spine.vtt").read_text())
    assert " ".join(_plain(payload) for _, _, payload in cues) == "See a doctor."
    assert not (captions / "spine.chapters.vtt").exists()
    assert not (captions / "spine.callouts.vtt").exists()
    assert not (media / "spine.webm").exists()
    assert (captions / "spine.glossary.toml").exists()
    assert "spine.glossary.toml: kept" in out


def test_a_failure_while_writing_leaves_no_file_behind(fake_aligner, run_import, clips, folders, monkeypatch):  # fmt: skip
    from player.importer import media
    from player.importer.errors import ImportRefused

    def broken(video, at_ms, target):
        target.write_bytes(b"half")
        raise ImportRefused(f"{video}: ffmpeg could not take a poster frame (disk full)")

    monkeypatch.setattr(media, "write_poster", broken)
    status, _, err = run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    assert status == 2 and "disk full" in err
    assert _tree(*folders) == []


# -- end to end ------------------------------------------------------------------------------


def _real_aligner():
    try:
        module = importlib.import_module("player.align")
    except ImportError:
        return None
    return module if hasattr(module, "align") else None


def _truth_word_starts() -> list[int]:
    """The built-in lesson's first paragraph, word by word, from its synthesizer's tags."""
    starts = []
    for block in BUILTIN_VTT.read_text().split("\n\n"):
        cue_id, *rest = block.split("\n")
        if not cue_id.startswith("p1-"):
            continue
        timing, *lines = rest
        words = " ".join(lines).split()
        starts.append(_ms(timing.split(" --> ")[0]))
        starts += [_ms(TAG.match(word).group(0)[1:-1]) for word in words[1:]]
    return starts


def test_end_to_end_the_real_aligner_times_the_words_as_spoken(run_import, clips, folders, capsys):  # fmt: skip
    if _real_aligner() is None:
        pytest.skip("player.align (the aligner) is not importable yet")
    status, out, err = run_import(clips["mp4"], FIRST_PARAGRAPH, "--slug", "spine")
    assert status == 0, err
    found = []
    for _, timing, payload in _cues((folders[0] / "spine.vtt").read_text()):
        found.append(_ms(timing.split(" --> ")[0]))
        found += [_ms(m.group(0)[1:-1]) for m in TAG.finditer(payload)]
    truth = _truth_word_starts()
    assert len(found) == len(truth)
    errors = sorted(abs(a - b) for a, b in zip(found, truth, strict=True))
    assert errors[len(errors) // 2] <= 30 and errors[-1] <= 150, errors
    assert _check(folders, capsys) == (0, "")
