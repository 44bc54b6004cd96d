"""Cross-linking: identities of documents, resolution of citations, the corpus store and its graph."""
