"""Build a Vietnamese voice pack offline: one WAV per token of core.speech.CLIP_TEXT, and a chime.

    python -m devices.audio.make_pack [OUT_DIR] [--voice vi-vn-x-south] [--speed 140]

espeak-ng speaks each word (voices vi, vi-vn-x-central, vi-vn-x-south), sox
trims the silence around it, then every clip is brought to the same loudness
with soft edges, as 22050 Hz mono 16-bit. No network; the same input gives
the same files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from core.i18n import tr
from core.speech import CLIP_TEXT
from devices.audio.voice import BUNDLED, CHIME
from devices.audio.wavfile import RATE, read_wav, write_wav

VOICES = ("vi-vn-x-south", "vi-vn-x-central", "vi")
TARGET_RMS = 0.16  # of full scale, measured over the voiced part: all words equally loud
PEAK = 0.89
FADE_S = 0.006

# What espeak-ng is given where the written word misleads it. "gi" alone is read as a bare
# consonant; in the southern voice "vê" merges with "dê" (both [jê]), so V is spelled out as [v].
HINTS: dict[str, dict[str, str]] = {
    "*": {"letter_J": "[[z'i]]"},
    "vi-vn-x-south": {"letter_J": "di", "letter_V": "[[v'e7]]"},
}


CHIME_ATTACK_S, CHIME_RELEASE_S = 0.008, 0.06


def chime(rate: int = RATE) -> np.ndarray:
    """A soft two-tone "ding-dong" (E6 then C6), 1.3 s, as int16 samples.

    Each tone rises from silence and dies away to silence (raised-cosine edges), so
    neither its start nor its end is a step in the wave, which a speaker plays as a click.
    """
    out = []
    for freq, length in ((1318.5, 0.55), (1046.5, 0.75)):
        n = int(rate * length)
        t = np.arange(n) / rate
        tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(2 * np.pi * 2 * freq * t)
        envelope = np.exp(-3.5 * t)
        for ramp, edge in ((int(rate * CHIME_ATTACK_S), slice(None, None)),
                           (int(rate * CHIME_RELEASE_S), slice(None, None, -1))):
            envelope[edge][:ramp] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        out.append(tone * envelope)
    samples = np.concatenate(out)
    return np.round(samples / np.abs(samples).max() * 0.6 * 32767).astype(np.int16)


def level(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """The clip at the pack's loudness, peaks limited, with short fades against clicks."""
    x = samples.astype(np.float64) / 32768
    voiced = x[np.abs(x) > 0.02]
    if len(voiced):
        gain = TARGET_RMS / max(float(np.sqrt(np.mean(voiced ** 2))), 1e-6)
        x *= min(gain, PEAK / max(float(np.abs(x).max()), 1e-6))
    fade = min(int(rate * FADE_S), len(x) // 2)
    if fade:
        ramp = np.linspace(0, 1, fade)
        x[:fade] *= ramp
        x[len(x) - fade:] *= ramp[::-1]
    return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)


def spoken(token: str, voice: str) -> str:
    """The text espeak-ng reads for `token` with `voice`."""
    return HINTS.get(voice, {}).get(token) or HINTS["*"].get(token) or CLIP_TEXT[token]


def speak(text: str, out: Path, voice: str, speed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw, trimmed = Path(tmp) / "raw.wav", Path(tmp) / "trimmed.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(trimmed),
                        "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"],
                       check=True)
        write_wav(out, level(read_wav(trimmed)))


def build(folder: Path, voice: str = VOICES[0], speed: int = 140) -> int:
    """Write every clip and the chime into `folder`; returns how many files."""
    missing = [tool for tool in ("espeak-ng", "sox") if not shutil.which(tool)]
    if missing:
        raise SystemExit(tr("Thiếu chương trình {tools}: sudo apt-get install espeak-ng sox", tools=", ".join(missing)))
    folder.mkdir(parents=True, exist_ok=True)
    for token in CLIP_TEXT:
        speak(spoken(token, voice), folder / f"{token}.wav", voice, speed)
    write_wav(folder / f"{CHIME}.wav", chime())
    (folder / "VOICE.txt").write_text(
        f"espeak-ng voice {voice}, speed {speed}; made by devices/audio/make_pack.py\n", "utf-8")
    return len(CLIP_TEXT) + 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=tr("Tạo bộ giọng đọc tiếng Việt (espeak-ng, không cần mạng)."))
    parser.add_argument("out", type=Path, nargs="?", default=BUNDLED, help=tr("thư mục ghi các tệp WAV"))
    parser.add_argument("--voice", default=VOICES[0], choices=VOICES, help=tr("giọng espeak-ng"))
    parser.add_argument("--speed", type=int, default=140, help=tr("tốc độ đọc (từ/phút)"))
    args = parser.parse_args(argv)
    count = build(args.out, args.voice, args.speed)
    print(tr("Đã ghi {count} tệp vào {folder}", count=count, folder=args.out))


if __name__ == "__main__":
    main(sys.argv[1:])
