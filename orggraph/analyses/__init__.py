"""The analyses: coverage gaps (with places), chain-leader influence, cross-village pairing, cadres."""
