"""The Milvus store: connection and meta rows (connection), searching (index),
writing (build), the StoreKind (store). Imports qa.stores.protocol and below.
"""
