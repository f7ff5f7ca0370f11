"""motcua: motcua layer."""
