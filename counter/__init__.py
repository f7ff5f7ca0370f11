"""motcua: counter layer."""
