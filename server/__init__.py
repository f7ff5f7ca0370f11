"""The office server: the one process that opens the database and serves the stations over HTTPS."""
