"""The whole pipeline for one lesson script: speech, narration, tracks, frames, encodes."""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from player.studio import audio, encode, storyboard, tracks, voices
from player.studio.draw import HEIGHT, WIDTH, require_font
from player.studio.narration import Narration, from_paragraphs, paragraph_texts
from player.studio.progress import Progress
from player.studio.script import LessonScript, load

POSTER_AT_S = 2.0  # the title card, fully built


@dataclass
class Result:
    script: LessonScript
    narration: Narration
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def render(
    script_path: Path,
    captions_dir: Path,
    media_dir: Path,
    only_tracks: bool = False,
    cache_dir: Path | None = None,
    log: TextIO | None = None,
    voice_files: tuple[Path | None, Path | None] = (None, None),
) -> Result:
    log = log or sys.stderr
    script = load(script_path)
    storyboard.check_scene_kinds(script)
    if not only_tracks:
        encode.require_ffmpeg()
        require_font()

    started = time.monotonic()
    engine = voices.engine_for(script.voice.engine, script.voice.name, *voice_files)
    texts = paragraph_texts(script)
    log.write(f"speech     {len(texts)} paragraphs with {engine.identity}\n")
    spoken = voices.speak_all(engine, texts, cache_dir or voices.default_cache_dir())
    result_speech = time.monotonic() - started
    log.write(f"alignment  {len(script.phrases)} cues cut at the words the aligner finds\n")
    narration = from_paragraphs(script, spoken)
    result = Result(script, narration)
    result.seconds["speech"] = result_speech
    result.seconds["align"] = time.monotonic() - started - result_speech

    written = tracks.write_tracks(script, narration, captions_dir)
    result.files += [written.captions, written.chapters, written.callouts, written.metadata]
    if written.descriptions:
        result.files.append(written.descriptions)
    if only_tracks:
        return result

    media_dir.mkdir(parents=True, exist_ok=True)
    mp4 = media_dir / f"{script.slug}.mp4"
    webm = media_dir / f"{script.slug}.webm"
    poster = media_dir / script.poster
    with tempfile.TemporaryDirectory(prefix="studio-audio-") as tmp:
        raw, final = Path(tmp, "narration.wav"), Path(tmp, "narration-48k.wav")
        audio.write_wav(raw, narration.rate, narration.samples)
        loudness = encode.normalize_loudness(raw, final, script.pacing.loudness_lufs)
        log.write(
            f"loudness   {loudness.input_lufs:.1f} -> {loudness.output_lufs:.1f} LUFS "
            f"({loudness.mode})\n"
        )
        runs = storyboard.plan(script, narration)
        renderer = storyboard.Renderer(runs)
        times = list(storyboard.frame_times(narration.duration_ms))
        bar = Progress("video", len(times), log)
        drawing = [0.0]

        def frames():
            for t in times:
                begun = time.perf_counter()
                data = renderer.frame(t)
                drawing[0] += time.perf_counter() - begun
                yield data

        encode.encode_video(frames(), (WIDTH, HEIGHT), storyboard.FPS, final, mp4, webm, bar.step)
        result.seconds["video"] = bar.close()
        result.seconds["drawing"] = drawing[0]
    encode.encode_poster(renderer.still(runs[0], POSTER_AT_S), (WIDTH, HEIGHT), poster)
    result.files += [mp4, webm, poster]
    return result
