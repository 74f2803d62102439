"""Articles into text: which files (sources), what a file says (documents, webpage,
webpage_meta, charsets), paragraphs and sentences, passages (chunking), and the
names, places, dates and amounts in them (entities). Imports qa.core.
"""
