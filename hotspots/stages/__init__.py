"""The build's stages as plain functions, by job; `hotspots.pipeline` runs them in order.

- `extraction`: the extract stage (the process's extractor, batches, the extraction cache, rounds)
- `tables`: extraction results as table rows (documents, mentions, claims, refused drafts)
- `resolve_reconcile`: the resolve and reconcile stages (whole, or reconcile in three steps)
"""
