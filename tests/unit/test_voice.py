"""A call becomes one WAV: chime, then the clips in order, offline, from any office's recordings."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pytest

from core.settings import VoiceSettings
from core.speech import CLIP_TEXT, call_tokens
from devices.audio import (
    BUNDLED, RATE, Announcer, VoicePack, VoicePackError, compose, compose_call, read_wav, write_call, write_wav,
)
from devices.audio.make_pack import HINTS, chime, level, spoken
from devices.audio.voice import AFTER_CHIME_MS, PAUSE_MS


def samples_of(wav: bytes) -> tuple[int, np.ndarray]:
    with wave.open(io.BytesIO(wav)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), np.int16)


def test_the_bundled_pack_has_every_clip_in_one_format_and_is_small():
    assert VoicePack().missing() == []
    for path in BUNDLED.glob("*.wav"):
        with wave.open(str(path)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (22050, 1, 2), path.name
            assert 0.05 < w.getnframes() / 22050 < 3.0, path.name  # silence trimmed
    assert sum(p.stat().st_size for p in BUNDLED.iterdir()) < 3_000_000


def test_a_call_is_chime_then_clips_in_order_with_short_pauses():
    pack = VoicePack()
    rate, samples = samples_of(Announcer(pack).announcement_for("A023", 3))
    assert rate == RATE
    tokens = ["chime", *call_tokens("A023", 3)]
    assert tokens == ["chime", "invite", "letter_A", "digit_0", "digit_2", "digit_3", "to_counter", "digit_3"]
    at = 0
    for index, token in enumerate(tokens):  # each stretch is exactly that clip, then silence
        clip = pack.clip(token)
        assert np.array_equal(samples[at:at + len(clip)], clip), token
        at += len(clip)
        gap = RATE * (AFTER_CHIME_MS if index == 0 else PAUSE_MS) // 1000
        assert not samples[at:at + gap].any()
        at += gap
    assert at == len(samples)
    assert 3.0 < len(samples) / RATE < 10.0


def test_compose_call_and_write_call_give_the_same_wav(tmp_path):
    pack = VoicePack()
    tokens = call_tokens("B015", 12)
    wav = compose_call(tokens, pack)
    path = write_call(tmp_path / "out" / "b015.wav", tokens, pack)
    assert path.read_bytes() == wav
    assert [t for t, _, _ in compose(tokens, pack).segments] == ["chime", *tokens]


def test_a_recall_says_so_first():
    segments = Announcer().composition_for("B001", 1, recall=True).segments
    assert [t for t, _, _ in segments][:2] == ["chime", "recall"]


def _wav(path, data: bytes, *, tag: int, channels: int, rate: int, bits: int):
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * channels * bits // 8, channels * bits // 8, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def test_an_office_recording_in_any_format_replaces_the_bundled_clip(tmp_path):
    tone = np.sin(np.arange(48000) / 48000 * 2 * np.pi * 440) * 0.5  # 1 s at 48 kHz
    stereo = np.repeat(tone, 2).astype("<f4").tobytes()
    _wav(tmp_path / "invite.wav", stereo, tag=3, channels=2, rate=48000, bits=32)  # float, from an editor
    pcm24 = b"".join(int(v * 2 ** 23).to_bytes(3, "little", signed=True) for v in tone[::6])
    _wav(tmp_path / "to_counter.wav", pcm24, tag=1, channels=1, rate=8000, bits=24)  # 24-bit, from a phone
    pack = VoicePack.for_settings(VoiceSettings(pack_dir=str(tmp_path)))
    assert pack.path("invite") == tmp_path / "invite.wav"
    assert pack.path("letter_A") == BUNDLED / "letter_A.wav"  # falls back clip by clip
    for token in ("invite", "to_counter"):
        clip = pack.clip(token)
        assert abs(len(clip) - RATE) <= 1 and abs(int(np.abs(clip).max()) - 16384) < 200, token
    composition = Announcer(pack).composition_for("A023", 3)
    start, end = next((s, e) for t, s, e in composition.segments if t == "invite")
    assert np.array_equal(composition.samples[start:end], pack.clip("invite"))
    assert composition.rate == RATE


def test_a_missing_clip_folder_or_file_is_a_clear_error(tmp_path):
    with pytest.raises(VoicePackError) as error:
        compose(["invite", "letter_A"], VoicePack([tmp_path]), chime=False)
    assert str(error.value) == "Thiếu đoạn âm thanh invite, letter_A trong bộ giọng đọc."
    with pytest.raises(VoicePackError) as error:
        VoicePack.for_settings(VoiceSettings(pack_dir=str(tmp_path / "nope")))
    assert "Không tìm thấy thư mục giọng đọc" in str(error.value)
    (tmp_path / "invite.wav").write_bytes(b"not a wav")
    with pytest.raises(VoicePackError) as error:
        read_wav(tmp_path / "invite.wav")
    assert str(error.value) == "Tệp âm thanh hỏng: invite.wav"


def test_the_chime_is_a_short_soft_two_tone_sound(tmp_path):
    samples = read_wav(write_wav(tmp_path / "chime.wav", chime()))
    assert 1.0 < len(samples) / RATE < 1.5 and np.abs(samples).max() < 32767 * 0.7
    half = len(samples) * 55 // 130
    first, second = (np.abs(np.fft.rfft(s)).argmax() * RATE / len(s) for s in (samples[:half], samples[half:]))
    assert abs(first - 1318.5) < 10 and abs(second - 1046.5) < 10  # ding (E6), dong (C6)


def test_pack_making_levels_clips_and_spells_out_what_espeak_misreads():
    quiet = (np.sin(np.arange(4000) / 7) * 2000).astype(np.int16)
    loud = level(quiet)
    assert loud[0] == 0 and loud[-1] == 0 and 4000 < np.sqrt(np.mean(loud.astype(float) ** 2)) < 7000
    assert spoken("letter_V", "vi-vn-x-south") == HINTS["vi-vn-x-south"]["letter_V"]
    assert spoken("letter_J", "vi") == HINTS["*"]["letter_J"]
    assert spoken("invite", "vi") == CLIP_TEXT["invite"]
