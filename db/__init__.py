"""motcua: db layer."""
