"""Where an index lives: the store protocol and its registry (protocol), the
manifest, the stored sentence and token rows (sentences), and the stores as peers:
folder/ (FAISS + BM25 files) and milvus/. Imports the layers below (core, text, words,
encoders).
"""
