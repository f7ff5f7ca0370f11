"""The chime before each call: soft edges, no click where a tone ends or the sound stops."""

from __future__ import annotations

import numpy as np

from devices.audio import BUNDLED
from devices.audio.make_pack import chime
from devices.audio.voice import CHIME
from devices.audio.wavfile import RATE, read_wav, wav_bytes


def test_each_tone_rises_from_silence_and_dies_away_to_silence():
    samples = chime().astype(float)
    peak = np.abs(samples).max()
    ms = RATE // 1000
    boundary = int(RATE * 0.55)  # where "ding" hands over to "dong"
    for where in (slice(0, ms // 4), slice(boundary - 2 * ms, boundary + ms // 4), slice(len(samples) - 2 * ms, None)):
        assert np.abs(samples[where]).max() < 0.01 * peak, where  # a step here is a click
    assert samples[0] == 0 and samples[-1] == 0
    assert np.abs(samples[boundary + 20 * ms:boundary + 30 * ms]).max() > 0.5 * peak  # the second tone rings


def test_the_bundled_chime_is_what_the_voice_pack_script_makes():
    assert (BUNDLED / f"{CHIME}.wav").read_bytes() == wav_bytes(chime())
    assert len(read_wav(BUNDLED / f"{CHIME}.wav")) == len(chime())
