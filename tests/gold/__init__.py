"""Gold sets built by reading the seed documents, for the evaluation tests and benchmarks."""
