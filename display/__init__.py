"""motcua: display layer."""
