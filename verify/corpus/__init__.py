"""The corpus side: sources in, turns and passages, the store, embeddings and the vector index."""
