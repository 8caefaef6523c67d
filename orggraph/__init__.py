"""orggraph: grassroots party-organisation networks as a graph."""
