"""motcua: core layer."""
