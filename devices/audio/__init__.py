"""Sound: the Vietnamese voice pack and the call composer (no sound card needed to build a call)."""

from devices.audio.voice import BUNDLED, Announcer, Composition, VoicePack, VoicePackError, compose, read_wav

__all__ = ["Announcer", "Composition", "VoicePack", "VoicePackError", "compose", "read_wav", "BUNDLED"]
