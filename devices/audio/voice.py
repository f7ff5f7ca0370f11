"""Calls spoken from a voice pack: chime + clips with short pauses, as one WAV.

A pack is a folder of `<token>.wav` (tokens from core.speech.CLIP_TEXT) and
`chime.wav`. An office's own recordings (settings.voice.pack_dir) come first;
any clip they lack falls back to the bundled pack. Clips of another rate,
width or channel count are converted, so recordings from any phone work.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.i18n import tr
from core.speech import call_tokens
from devices.errors import DeviceError

RATE = 22050
BUNDLED = Path(__file__).resolve().parent / "voice" / "vi-south"


class VoicePackError(DeviceError):
    pass


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """Mono int16 samples at `rate`, whatever the file's format."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, src_rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            data = w.readframes(w.getnframes())
    except (wave.Error, EOFError, OSError) as error:
        raise VoicePackError(tr("Tệp âm thanh hỏng: {path}", path=path.name), str(error)) from error
    dtype = {1: np.uint8, 2: np.int16, 4: np.int32}.get(width)
    if dtype is None:
        raise VoicePackError(tr("Tệp âm thanh hỏng: {path}", path=path.name), f"sample width {width}")
    samples = np.frombuffer(data, dtype).astype(np.float64)
    if width == 1:
        samples = (samples - 128) * 256
    elif width == 4:
        samples = samples / 65536
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if src_rate != rate and len(samples):
        positions = np.arange(int(len(samples) * rate / src_rate)) * src_rate / rate
        samples = np.interp(positions, np.arange(len(samples)), samples)
    return np.clip(samples, -32768, 32767).astype(np.int16)


class VoicePack:
    """Clips by token; earlier folders win (an office's recordings over the bundled pack)."""

    def __init__(self, folders: list[Path]):
        self.folders = [Path(f) for f in folders if f]
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def for_settings(cls, pack_dir: str = "") -> "VoicePack":
        return cls([Path(pack_dir), BUNDLED] if pack_dir else [BUNDLED])

    def path(self, token: str) -> Path:
        for folder in self.folders:
            candidate = folder / f"{token}.wav"
            if candidate.exists():
                return candidate
        raise VoicePackError(tr("Thiếu đoạn âm thanh {token} trong bộ giọng đọc.", token=token))

    def clip(self, token: str) -> np.ndarray:
        if token not in self._cache:
            self._cache[token] = read_wav(self.path(token))
        return self._cache[token]


@dataclass(frozen=True)
class Composition:
    samples: np.ndarray
    rate: int
    segments: tuple[tuple[str, int, int], ...]  # (token, first sample, end sample)

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def wav_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples.tobytes())
        return buffer.getvalue()


def compose(tokens: list[str], pack: VoicePack, *, chime: bool = True, pause_ms: int = 90,
            after_chime_ms: int = 300) -> Composition:
    """One recording: the chime, then each clip with a short pause between."""
    parts, segments, at = [], [], 0

    def add(token: str, samples: np.ndarray, pause: int) -> None:
        nonlocal at
        parts.append(samples)
        segments.append((token, at, at + len(samples)))
        at += len(samples)
        silence = np.zeros(int(RATE * pause / 1000), np.int16)
        parts.append(silence)
        at += len(silence)

    if chime:
        add("chime", pack.clip("chime"), after_chime_ms)
    for token in tokens:
        add(token, pack.clip(token), pause_ms)
    return Composition(np.concatenate(parts) if parts else np.zeros(0, np.int16), RATE, tuple(segments))


class Announcer:
    """Builds the WAV the display plays for a call."""

    def __init__(self, pack: VoicePack):
        self.pack = pack

    def compose_call(self, code: str, counter_number: int, recall: bool = False) -> Composition:
        return compose(call_tokens(code, counter_number, recall=recall), self.pack)

    def announcement_for(self, code: str, counter_number: int, recall: bool = False) -> bytes:
        """"Mời công dân có số thứ tự A 0 2 3 đến quầy số 3" as WAV bytes, chime first."""
        return self.compose_call(code, counter_number, recall).wav_bytes()

    def write(self, folder: Path, code: str, counter_number: int, recall: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"call-{code}-{counter_number}{'-recall' if recall else ''}.wav"
        path.write_bytes(self.announcement_for(code, counter_number, recall))
        return path
