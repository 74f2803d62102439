"""The folder store (the default): FAISS and BM25 as plain files, written
atomically (files), loaded (index), FAISS types by size (vectors). Imports qa.stores.protocol
and below.
"""
