"""The citizens' phone pages (server/web/pages.py), served by `motcua server` beside its stations' API, or alone
by `motcua web` on a single-PC office."""
