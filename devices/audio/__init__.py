"""Sound: the Vietnamese voice pack and the call composer (no sound card needed to build a call).

    announcer = Announcer.for_settings(settings.voice)
    wav = announcer.announcement_for("A023", 3)          # bytes; or .write(folder, "A023", 3) -> Path
"""

from devices.audio.voice import (
    BUNDLED, CHIME, Announcer, Composition, VoicePack, compose, compose_call, write_call,
)
from devices.audio.wavfile import RATE, VoicePackError, read_wav, wav_bytes, write_wav

__all__ = [
    "Announcer", "BUNDLED", "CHIME", "Composition", "RATE", "VoicePack", "VoicePackError", "compose",
    "compose_call", "read_wav", "wav_bytes", "write_call", "write_wav",
]
