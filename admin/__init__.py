"""motcua: admin layer."""
