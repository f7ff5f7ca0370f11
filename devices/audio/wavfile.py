"""WAV in and out as numpy samples: any PCM or float WAV in, 16-bit mono out.

An office's recordings come from phones and editors in every format (8 kHz
or 48 kHz, stereo, 24-bit, 32-bit float); the stdlib `wave` module reads only
integer PCM, so the RIFF chunks are read here.
"""

from __future__ import annotations

import io
import struct
import wave
from pathlib import Path

import numpy as np

from core.i18n import tr
from devices.errors import DeviceError

RATE = 22050  # the voice pack's format: 22050 Hz, mono, 16-bit
PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE


class VoicePackError(DeviceError):
    """A clip is missing or unreadable; the message names it for the office."""


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """Mono int16 samples at `rate`, whatever the file's rate, width and channels."""
    path = Path(path)
    try:
        fmt, data = _chunks(path.read_bytes())
        tag, channels, src_rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
        if tag == EXTENSIBLE and len(fmt) >= 26:
            tag = struct.unpack("<H", fmt[24:26])[0]  # the sub-format GUID starts with the real tag
        samples = _decode(data, tag, bits, channels)
    except (OSError, ValueError, struct.error) as error:
        raise VoicePackError(tr("Tệp âm thanh hỏng: {path}", path=path.name), str(error)) from error
    if src_rate != rate and len(samples):
        positions = np.arange(int(len(samples) * rate / src_rate)) * (src_rate / rate)
        samples = np.interp(positions, np.arange(len(samples)), samples)
    return np.clip(np.round(samples * 32768), -32768, 32767).astype(np.int16)


def wav_bytes(samples: np.ndarray, rate: int = RATE) -> bytes:
    """16-bit mono WAV file contents."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.asarray(samples, np.int16).tobytes())
    return buffer.getvalue()


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    path = Path(path)
    path.write_bytes(wav_bytes(samples, rate))
    return path


def _chunks(blob: bytes) -> tuple[bytes, bytes]:
    if blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt = data = None
    at = 12
    while at + 8 <= len(blob):
        name, size = blob[at:at + 4], struct.unpack("<I", blob[at + 4:at + 8])[0]
        body = blob[at + 8:at + 8 + size]
        if name == b"fmt ":
            fmt = body
        elif name == b"data":
            data = body
        at += 8 + size + (size & 1)
    if fmt is None or data is None or len(fmt) < 16:
        raise ValueError("no fmt or data chunk")
    return fmt, data


def _decode(data: bytes, tag: int, bits: int, channels: int) -> np.ndarray:
    """Samples as floats in [-1, 1], channels mixed down."""
    width = bits // 8
    if channels < 1 or width < 1:
        raise ValueError(f"{channels} channels of {bits} bits")
    data = data[:len(data) - len(data) % (width * channels)]
    if tag == FLOAT and bits in (32, 64):
        samples = np.frombuffer(data, f"<f{width}").astype(np.float64)
    elif tag == PCM and bits == 8:
        samples = (np.frombuffer(data, np.uint8).astype(np.float64) - 128) / 128
    elif tag == PCM and bits in (16, 32):
        samples = np.frombuffer(data, f"<i{width}").astype(np.float64) / 2 ** (bits - 1)
    elif tag == PCM and bits == 24:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        samples = np.where(value >= 1 << 23, value - (1 << 24), value) / 2 ** 23
    else:
        raise ValueError(f"unsupported WAV encoding {tag} with {bits} bits")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples
