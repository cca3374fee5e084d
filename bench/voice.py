"""The narrator's voice, Kokoro beside Festival, in one run (issue 17):

    python bench/voice.py [--paragraphs N]

Each engine speaks the built-in lesson's paragraphs (from lessons/metastatic-spinal-cancer.toml,
no cache). Rows: seconds of audio, wall and CPU seconds to speak it, the real-time factor (CPU
seconds per second of audio), and the pitch range: the span, in semitones, between the 5th
and 95th percentile of the voice's fundamental frequency over its voiced 40 ms frames
(autocorrelation, 60-400 Hz). A flat, "robotic" voice has a narrow range; people reading
aloud span about an octave (12 semitones).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCRIPT = ROOT / "lessons" / "metastatic-spinal-cancer.toml"
FRAME_S, LOW_HZ, HIGH_HZ = 0.040, 60.0, 400.0


def pitch_track(samples: np.ndarray, rate: int) -> np.ndarray:
    """F0 (Hz) of each voiced 40 ms frame: the autocorrelation's highest peak between 60 and
    400 Hz, kept where it is strong (a voiced frame) and the frame is loud enough."""
    x = samples.astype(np.float64) / 32768.0
    size, hop = int(rate * FRAME_S), int(rate * FRAME_S / 2)
    lo, hi = int(rate / HIGH_HZ), int(rate / LOW_HZ)
    loudest = max(1e-9, float(np.max(np.abs(x))))
    found = []
    for start in range(0, len(x) - size, hop):
        frame = x[start : start + size] - np.mean(x[start : start + size])
        if np.sqrt(np.mean(frame**2)) < loudest * 0.03:
            continue
        spectrum = np.fft.rfft(frame, 2 * size)
        ac = np.fft.irfft(spectrum * np.conj(spectrum))[:size]
        if ac[0] <= 0:
            continue
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] >= 0.5:
            found.append(rate / lag)
    return np.array(found)


def semitone_range(f0: np.ndarray) -> float:
    low, high = np.percentile(f0, [5, 95])
    return float(12 * np.log2(high / low))


def measure(engine, texts: list[str]) -> dict:
    cpu0, wall0 = _cpu_seconds(), time.perf_counter()
    spoken = [engine.speak(text) for text in texts]
    wall, cpu = time.perf_counter() - wall0, _cpu_seconds() - cpu0
    rate = spoken[0].rate
    audio_s = sum(len(s.samples) for s in spoken) / rate
    f0 = np.concatenate([pitch_track(s.samples, rate) for s in spoken])
    return {
        "audio_s": audio_s,
        "wall_s": wall,
        "cpu_s": cpu,
        "rtf": cpu / audio_s,
        "semitones": semitone_range(f0),
        "median_hz": float(np.median(f0)),
    }


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (Festival runs as one)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rows(paragraphs: int | None = None) -> list[tuple[str, dict]]:
    from player.studio import voices
    from player.studio.narration import paragraph_texts
    from player.studio.script import load
    from player.studio.voice_files import kokoro_files

    texts = paragraph_texts(load(SCRIPT))[:paragraphs]
    kokoro = voices.KokoroEngine(kokoro_files())
    festival = voices.FestivalEngine("cmu_us_slt_arctic_hts")
    return [
        ("Kokoro-82M af_heart (kokoro-onnx, int8)", measure(kokoro, texts)),
        ("Festival CMU SLT HTS", measure(festival, texts)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=None)
    args = parser.parse_args()
    print(
        "| voice | audio | spoken in (wall) | CPU | CPU s per audio s | pitch range | median F0 |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in rows(args.paragraphs):
        print(
            f"| {name} | {r['audio_s']:.1f} s | {r['wall_s']:.1f} s | {r['cpu_s']:.1f} s "
            f"| {r['rtf']:.2f} | {r['semitones']:.1f} semitones | {r['median_hz']:.0f} Hz |"
        )


if __name__ == "__main__":
    main()
