"""Document ingestion: read bytes, detect the family, parse into an ImportDraft.

Importers are pure: bytes (and a file name) in, a draft with warnings out.
"""
