"""motcua: kiosk layer."""
