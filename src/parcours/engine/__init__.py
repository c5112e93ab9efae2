"""Computation on the referential: normalisation, linking, similarity, mobility, gaps."""
