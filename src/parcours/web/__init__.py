"""Web entry point: FastAPI JSON API under /api/v1 and French server-rendered pages."""
