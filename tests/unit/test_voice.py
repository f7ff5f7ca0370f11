"""A call becomes one WAV: chime, then the clips in order, offline."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from core.speech import CLIP_TEXT, call_tokens
from devices.audio import BUNDLED, Announcer, VoicePack, VoicePackError, compose, read_wav
from devices.audio.make_pack import chime, write_wav


def test_the_bundled_pack_has_every_clip():
    assert all((BUNDLED / f"{token}.wav").exists() for token in [*CLIP_TEXT, "chime"])


def test_a_call_is_chime_then_clips_in_order():
    pack = VoicePack([BUNDLED])
    wav = Announcer(pack).announcement_for("A023", 3)
    with wave.open(io.BytesIO(wav)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (22050, 1, 2)
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    composition = Announcer(pack).compose_call("A023", 3)
    tokens = [t for t, _, _ in composition.segments]
    assert tokens == ["chime", *call_tokens("A023", 3)]
    for token, start, end in composition.segments:  # each stretch is exactly that clip
        assert np.array_equal(samples[start:end], pack.clip(token))
    clips = sum(len(pack.clip(t)) for t in tokens)
    assert clips < len(samples) < clips + 22050 * 2  # plus short pauses only
    assert 3.0 < composition.seconds < 15.0


def test_a_recall_says_so_first():
    tokens = [t for t, _, _ in Announcer(VoicePack([BUNDLED])).compose_call("B001", 1, recall=True).segments]
    assert tokens[:2] == ["chime", "recall"]


def test_an_office_recording_replaces_the_bundled_clip(tmp_path):
    mine = (np.sin(np.arange(8000) / 10) * 8000).astype(np.int16)
    with wave.open(str(tmp_path / "invite.wav"), "wb") as w:  # 8 kHz stereo, as from a phone
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(np.repeat(mine, 2).tobytes())
    pack = VoicePack.for_settings(str(tmp_path))
    assert pack.path("invite") == tmp_path / "invite.wav"
    assert pack.path("to_counter") == BUNDLED / "to_counter.wav"  # falls back per clip
    assert abs(len(pack.clip("invite")) - 8000 * 22050 / 8000) <= 1


def test_a_missing_or_broken_clip_is_a_clear_error(tmp_path):
    with pytest.raises(VoicePackError) as error:
        compose(["invite"], VoicePack([tmp_path]), chime=False)
    assert "Thiếu đoạn âm thanh invite" in str(error.value)
    (tmp_path / "invite.wav").write_bytes(b"not a wav")
    with pytest.raises(VoicePackError):
        read_wav(tmp_path / "invite.wav")


def test_the_chime_is_a_short_soft_sound(tmp_path):
    write_wav(tmp_path / "chime.wav", chime())
    samples = read_wav(tmp_path / "chime.wav")
    assert 1.0 < len(samples) / 22050 < 1.5 and np.abs(samples).max() < 32767 * 0.7
