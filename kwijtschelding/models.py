"""Models of the kwijtschelding app (built in its own issue)."""
