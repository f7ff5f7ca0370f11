"""Calls spoken from a voice pack: the chime, then one clip per word, as one WAV.

A pack is a folder of `<token>.wav` (tokens of core.speech.CLIP_TEXT) plus
`chime.wav`. An office's own recordings (settings.voice.pack_dir) come first;
any clip they lack falls back to the bundled pack, clip by clip. Clips of
another rate, width or channel count are converted on reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from core.i18n import tr
from core.settings import VoiceSettings
from core.speech import CLIP_TEXT, call_tokens
from devices.audio.wavfile import RATE, VoicePackError, read_wav, wav_bytes

BUNDLED = Path(__file__).resolve().parent / "voice" / "vi-south"
CHIME = "chime"
PAUSE_MS = 90  # between words: short, as a person reads a number out
AFTER_CHIME_MS = 300


class VoicePack:
    """Clips by token; earlier folders win (an office's recordings over the bundled pack)."""

    def __init__(self, folders: Iterable[Path] = (BUNDLED,)):
        self.folders = [Path(f) for f in folders]
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def for_settings(cls, settings: VoiceSettings) -> "VoicePack":
        """The office's folder (if set) over the bundled pack; a wrong folder is a clear error."""
        if not settings.pack_dir:
            return cls([BUNDLED])
        office = Path(settings.pack_dir).expanduser()
        if not office.is_dir():
            raise VoicePackError(tr("Không tìm thấy thư mục giọng đọc: {path}", path=str(office)))
        return cls([office, BUNDLED])

    def path(self, token: str) -> Path:
        """The file that says `token`: the first folder that has it."""
        for folder in self.folders:
            candidate = folder / f"{token}.wav"
            if candidate.is_file():
                return candidate
        raise VoicePackError(tr("Thiếu đoạn âm thanh {token} trong bộ giọng đọc.", token=token))

    def clip(self, token: str) -> np.ndarray:
        """The clip's samples (mono, 16-bit, RATE Hz), read once."""
        if token not in self._cache:
            self._cache[token] = read_wav(self.path(token), RATE)
        return self._cache[token]

    def missing(self, tokens: Iterable[str] | None = None) -> list[str]:
        """Tokens (by default every call word and the chime) that no folder has."""
        wanted = [*CLIP_TEXT, CHIME] if tokens is None else list(tokens)
        return [t for t in dict.fromkeys(wanted)
                if t not in self._cache and not any((f / f"{t}.wav").is_file() for f in self.folders)]


@dataclass(frozen=True)
class Composition:
    """A composed call: its samples and where each clip sits in them."""

    samples: np.ndarray
    rate: int
    segments: tuple[tuple[str, int, int], ...]  # (token, first sample, end sample)

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def wav_bytes(self) -> bytes:
        return wav_bytes(self.samples, self.rate)


def compose(tokens: Iterable[str], pack: VoicePack, *, chime: bool = True, pause_ms: int = PAUSE_MS,
            after_chime_ms: int = AFTER_CHIME_MS) -> Composition:
    """The chime, then each clip followed by a short pause, in one recording."""
    tokens = [CHIME, *tokens] if chime else list(tokens)
    absent = pack.missing(tokens)
    if absent:
        raise VoicePackError(tr("Thiếu đoạn âm thanh {token} trong bộ giọng đọc.", token=", ".join(absent)))
    parts, segments, at = [], [], 0
    for index, token in enumerate(tokens):
        samples = pack.clip(token)
        gap = np.zeros(RATE * (after_chime_ms if chime and index == 0 else pause_ms) // 1000, np.int16)
        parts += [samples, gap]
        segments.append((token, at, at + len(samples)))
        at += len(samples) + len(gap)
    samples = np.concatenate(parts) if parts else np.zeros(0, np.int16)
    return Composition(samples, RATE, tuple(segments))


def compose_call(tokens: Iterable[str], pack: VoicePack) -> bytes:
    """WAV bytes (22050 Hz mono 16-bit) saying `tokens` after the chime."""
    return compose(tokens, pack).wav_bytes()


def write_call(path: Path, tokens: Iterable[str], pack: VoicePack) -> Path:
    """Write the composed call to `path` (folders created) and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compose_call(tokens, pack))
    return path


class Announcer:
    """What the wall display plays for a call: chime, then "Mời công dân có số thứ tự … đến quầy số …"."""

    def __init__(self, pack: VoicePack | None = None):
        self.pack = pack or VoicePack()

    @classmethod
    def for_settings(cls, settings: VoiceSettings) -> "Announcer":
        return cls(VoicePack.for_settings(settings))

    def composition_for(self, code: str, counter_number: int, recall: bool = False) -> Composition:
        return compose(call_tokens(code, counter_number, recall=recall), self.pack)

    def announcement_for(self, code: str, counter_number: int, recall: bool = False) -> bytes:
        """The call for ticket `code` to counter `counter_number` as WAV bytes."""
        return self.composition_for(code, counter_number, recall).wav_bytes()

    def write(self, folder: Path, code: str, counter_number: int, recall: bool = False) -> Path:
        """The call as a WAV file in `folder` (for players that want a path); returns the path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"call-{code}-{counter_number}{'-recall' if recall else ''}.wav"
        path.write_bytes(self.announcement_for(code, counter_number, recall))
        return path
