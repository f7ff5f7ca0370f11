"""The manager's content pages: the working calendar, what the wall display shows, each station's devices."""
