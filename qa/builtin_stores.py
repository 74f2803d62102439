"""The stores that come with qa. Importing this module registers them (stores.register):
the folder of files (folder.py) and the Milvus store (milvus_store.py)."""

from . import folder, milvus_store  # noqa: F401  (imported to register)
