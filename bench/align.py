"""Issue 16: the offline aligner (player.align) on the built-in lesson and on real speech.

    python -m bench.align            # accuracy rows + speed/memory for 10 s, 107 s, 10 min
    python -m bench.align --long     # also the 60 min row (a few minutes more)

Accuracy: the built-in lesson's WebVTT word tags came from the synthesizer, so they are the
truth; the text is aligned as is, with one unspoken sentence added, and with one spoken sentence
left out. Real speech: clips from Debian's pocketsphinx-testdata, each one cue, its true start
taken as the energy onset (good to ~50 ms). Speed and memory: each size in a fresh process (the
lesson's audio and text repeated), wall time and peak RSS of that process.
"""

from __future__ import annotations

import json
import math
import re
import resource
import subprocess
import sys
import tempfile
import time
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import median, percentile  # noqa: E402

# The built-in lesson as Festival spoke it (its narration before issue 17, kept as test data):
# its word tags came from the synthesizer, so they are the truth the aligner is measured
# against. The lesson as rendered now has its word times from this aligner: no truth.
REFERENCE = ROOT / "tests" / "data" / "festival-lesson"
LESSON_VTT = REFERENCE / "captions.vtt"
LESSON_MEDIA = REFERENCE / "narration.m4a"
TESTDATA = Path("/usr/share/pocketsphinx/test/data")
UNSPOKEN = "Ask your nurse for a printed copy of this page before you go home."
_TIME = r"(\d+):(\d\d):(\d\d)\.(\d\d\d)"


@dataclass(frozen=True)
class TrueWord:
    text: str
    start_ms: int
    cue_start: bool  # the first word of its cue


def lesson_truth(path: Path = LESSON_VTT) -> list[TrueWord]:
    """Every word of the lesson with its start: the cue start for a cue's first word, else the
    `<hh:mm:ss.mmm>` tag before it (webvtt-py would round the cue times to whole seconds)."""
    truth = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        at = _ms(re.match(_TIME, lines[timing]).groups())
        first = True
        text = " ".join(lines[timing + 1 :])
        for tag, word in re.findall(r"<(\d+:\d\d:\d\d\.\d\d\d)>|(\S+)", text):
            if tag:
                at = _ms(re.match(_TIME, tag).groups())
            else:
                truth.append(TrueWord(word, at, first))
                first = False
    return truth


def _ms(groups) -> int:
    h, m, s, f = (int(g) for g in groups)
    return ((h * 60 + m) * 60 + s) * 1000 + f


def with_unspoken_sentence(truth: list[TrueWord]) -> tuple[list[str], list[int | None]]:
    """The lesson's words with UNSPOKEN inserted after its 5th sentence; truth index per word."""
    at = _sentence_ends(truth)[4] + 1
    extra = UNSPOKEN.split()
    words = [w.text for w in truth[:at]] + extra + [w.text for w in truth[at:]]
    index = list(range(at)) + [None] * len(extra) + list(range(at, len(truth)))
    return words, index


def without_spoken_sentence(truth: list[TrueWord]) -> tuple[list[str], list[int | None]]:
    """The lesson's words with its 6th sentence left out (it is still in the audio)."""
    ends = _sentence_ends(truth)
    keep = [i for i in range(len(truth)) if not ends[4] < i <= ends[5]]
    return [truth[i].text for i in keep], keep


def _sentence_ends(truth: list[TrueWord]) -> list[int]:
    return [i for i, w in enumerate(truth) if w.text.endswith((".", "?", "!"))]


def energy_onset_ms(pcm: bytes, sample_rate: int = 16_000) -> int:
    """When speech starts: the first of 3 consecutive 10 ms frames whose energy is a quarter of the
    way (in dB) from the clip's noise floor to its speech level. Good to about 50 ms."""
    samples = array("h", pcm)
    step = sample_rate // 100
    levels = []
    for at in range(0, len(samples) - step + 1, step):
        energy = sum(s * s for s in samples[at : at + step]) / step
        levels.append(10 * math.log10(energy + 1))
    floor, peak = percentile(levels, 10), percentile(levels, 99)
    threshold = floor + 0.25 * (peak - floor)
    for n in range(len(levels) - 2):
        if all(level > threshold for level in levels[n : n + 3]):
            return n * 10
    return 0


def real_speech_clips() -> list[tuple[Path, str]]:
    """(wav, transcript) for the pocketsphinx-testdata clips that have one: librivox and cards."""
    clips = []
    for folder, listing in (("librivox", "transcription"), ("cards", "cards.transcription")):
        for line in (TESTDATA / folder / listing).read_text().splitlines():
            found = re.match(r"<s>(.*)</s>\s*\((.+)\)", line.strip())
            if found:
                clips.append((TESTDATA / folder / f"{found[2]}.wav", found[1].split()))
    return clips


def read_wav_pcm(path: Path) -> bytes:
    with wave.open(str(path)) as clip:
        return clip.readframes(clip.getnframes())


# --- measuring -------------------------------------------------------------------------


def lesson_errors(words: list[str], index: list[int | None], truth: list[TrueWord]) -> dict:
    from player.align import align

    began = time.perf_counter()
    result = align(LESSON_MEDIA, words)
    seconds = time.perf_counter() - began
    word_errors, cue_errors = [], []
    for aligned, i in zip(result.words, index, strict=True):
        if i is None:
            continue
        error = aligned.start_ms - truth[i].start_ms
        word_errors.append(error)
        if truth[i].cue_start:
            cue_errors.append(error)
    spread = sum(w.how == "spread" for w in result.words)
    return _summary(cue_errors, word_errors, seconds, f"{spread} spread")


def real_speech_errors() -> dict:
    from player.align import align

    cue_errors, seconds = [], 0.0
    for wav, words in real_speech_clips():
        began = time.perf_counter()
        result = align(wav, words)
        seconds += time.perf_counter() - began
        cue_errors.append(result.words[0].start_ms - energy_onset_ms(read_wav_pcm(wav)))
    return _summary(cue_errors, [], seconds, f"{len(cue_errors)} clips")


def _summary(cue_errors, word_errors, seconds, note) -> dict:
    cue_abs, word_abs = [abs(e) for e in cue_errors], [abs(e) for e in word_errors]
    return {
        "cue": (median(cue_abs), percentile(cue_abs, 95)),
        "word": (median(word_abs), percentile(word_abs, 95)),
        "late": max(cue_errors),
        "seconds": seconds,
        "note": note,
    }


def speed_inputs(folder: Path, long: bool) -> list[tuple[str, Path, Path]]:
    """(label, wav, words file): 10 s, the lesson, ~10 min and ~60 min of it repeated."""
    truth = lesson_truth()
    words = [w.text for w in truth]
    wav = folder / "lesson.wav"
    _ffmpeg("-i", LESSON_MEDIA, "-map", "0:a:0", "-ac", "1", "-ar", "16000", wav)
    first_cues = [w.text for w in truth if w.start_ms < 10_765]  # cues p1-1..p1-3 end at 10.765
    rows = [("10 s", folder / "10s.wav", first_cues, None), ("107 s", wav, words, None)]
    rows.append(("10 min", folder / "10min.wav", words * 6, 6))
    if long:
        rows.append(("60 min", folder / "60min.wav", words * 34, 34))
    made = []
    for label, path, text, repeat in rows:
        if label == "10 s":
            _ffmpeg("-i", wav, "-t", "11", path)
        elif repeat:
            _ffmpeg("-stream_loop", str(repeat - 1), "-i", wav, "-c", "copy", path)
        listing = path.with_suffix(".txt")
        listing.write_text("\n".join(text))
        made.append((label, path, listing))
    return made


def _ffmpeg(*args) -> None:
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", *map(str, args)]
    subprocess.run(command, check=True)


def measure_one(media: Path, listing: Path) -> dict:
    """Run in a fresh process by speed_rows(): align once, report wall time and peak RSS."""
    from player.align import align

    words = listing.read_text().split("\n")
    began = time.perf_counter()
    result = align(media, words)
    return {
        "seconds": time.perf_counter() - began,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "audio_s": result.duration_ms / 1000,
        "words": len(words),
        "spread": sum(w.how == "spread" for w in result.words),
    }


def speed_rows(long: bool) -> list[tuple[str, dict]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, media, listing in speed_inputs(Path(tmp), long):
            command = [sys.executable, "-m", "bench.align", "--one", str(media), str(listing)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
            rows.append((label, json.loads(done.stdout)))
    return rows


def accuracy_rows() -> list[tuple[str, dict]]:
    """(case, errors) for the lesson as written, with a sentence added that is not spoken,
    with a spoken sentence left out, and for the real-speech clips."""
    truth = lesson_truth()
    cases = [
        ("lesson", ([w.text for w in truth], list(range(len(truth))))),
        ("+ an unspoken sentence", with_unspoken_sentence(truth)),
        ("- a spoken sentence", without_spoken_sentence(truth)),
    ]
    rows = [(name, lesson_errors(words, index, truth)) for name, (words, index) in cases]
    rows.append(("real speech (cue = clip)", real_speech_errors()))
    return rows


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure_one(Path(argv[1]), Path(argv[2]))))
        return
    print("| case | cue start median/p95 | word start median/p95 | max late | time | note |")
    print("|---|---|---|---|---|---|")
    for name, row in accuracy_rows():
        _print_accuracy(name, row)
    print()
    print("| audio | words | align time | x real time | peak RSS | spread words |")
    print("|---|---|---|---|---|---|")
    for label, row in speed_rows("--long" in argv):
        print(
            f"| {label} ({row['audio_s']:.0f} s) | {row['words']} | {row['seconds']:.1f} s "
            f"| {row['audio_s'] / row['seconds']:.0f}x | {row['peak_rss_mb']:.0f} MB "
            f"| {row['spread']} |"
        )


def _print_accuracy(name: str, row: dict) -> None:
    word = "–" if math.isnan(row["word"][0]) else f"{row['word'][0]:.0f}/{row['word'][1]:.0f} ms"
    print(
        f"| {name} | {row['cue'][0]:.0f}/{row['cue'][1]:.0f} ms | {word} | {row['late']:.0f} ms "
        f"| {row['seconds']:.1f} s | {row['note']} |",
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
