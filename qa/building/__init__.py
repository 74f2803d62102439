"""Articles into an index: the one pipeline (build), encoding passages (encoding), the
same on Ray (distributed, ray_start), and qa add (adding, fetching). Imports the
layers below (core to answering).
"""
