"""motcua's store: models, migrations and every transactional operation.

`from db import Store` is the public API for integrators and scripts.
"""

from db.errors import StoreError
from db.store import Actor, Store

__all__ = ["Store", "Actor", "StoreError"]
