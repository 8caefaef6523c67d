"""The 台账 over time: what each load changed, the snapshots loads leave in the store, and how
the coverage findings moved since one of them (整改销号)."""
