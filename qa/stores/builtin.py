"""The stores that come with qa. Importing this module registers them (stores.register):
the folder of files (folder.py) and the Milvus store (milvus_store.py)."""

from qa.stores.folder import store as folder  # noqa: F401  (imported to register)
from qa.stores.milvus import store as milvus  # noqa: F401
