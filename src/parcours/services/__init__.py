"""Use cases: the only way in for the web pages, the JSON API and the CLI."""
