"""Build a Vietnamese voice pack offline: one WAV per token of core.speech.CLIP_TEXT, and a chime.

    python -m devices.audio.make_pack OUT_DIR [--voice vi-vn-x-south] [--speed 140]

Uses espeak-ng (Debian package `espeak-ng`; voices vi, vi-vn-x-central,
vi-vn-x-south) and trims silence with sox. No network.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from core.speech import CLIP_TEXT

RATE = 22050


def chime(rate: int = RATE) -> np.ndarray:
    """A soft two-tone "ding-dong" (E6 then C6), 1.1 s, as int16 samples."""
    out = []
    for freq, length in ((1318.5, 0.55), (1046.5, 0.75)):
        t = np.arange(int(rate * length)) / rate
        tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(2 * np.pi * 2 * freq * t)
        envelope = np.exp(-3.5 * t) * np.minimum(1, t / 0.01)
        out.append(tone * envelope)
    samples = np.concatenate(out)
    return (samples / np.abs(samples).max() * 0.6 * 32767).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype(np.int16).tobytes())


def speak(text: str, out: Path, voice: str, speed: int) -> None:
    if not shutil.which("espeak-ng"):
        raise SystemExit("espeak-ng is not installed: apt-get install espeak-ng sox")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
        if shutil.which("sox"):
            subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out),
                            "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"],
                           check=True)
        else:
            shutil.copyfile(raw, out)


def build(folder: Path, voice: str = "vi-vn-x-south", speed: int = 140) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for token, text in CLIP_TEXT.items():
        speak(text, folder / f"{token}.wav", voice, speed)
    write_wav(folder / "chime.wav", chime())
    (folder / "VOICE.txt").write_text(f"espeak-ng voice {voice}, speed {speed}\n", "utf-8")
    return len(CLIP_TEXT) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--voice", default="vi-vn-x-south")
    parser.add_argument("--speed", type=int, default=140)
    args = parser.parse_args()
    print(f"{build(args.out, args.voice, args.speed)} clips written to {args.out}")


if __name__ == "__main__":
    main()
