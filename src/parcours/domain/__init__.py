"""Pure domain model: dataclasses and rules, standard library only."""
