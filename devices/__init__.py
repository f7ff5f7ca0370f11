"""motcua: devices layer."""
