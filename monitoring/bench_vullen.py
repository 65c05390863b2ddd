"""Extra fill statements for bench/monitoring.py (the chain's facts, once the chain's models exist)."""

EXTRA_SQL: list[str] = []
