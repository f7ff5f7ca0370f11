"""motcua: ui layer."""
