"""Device errors: each carries a sentence for the user (translated), never a traceback."""

from __future__ import annotations


class DeviceError(Exception):
    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message
