"""Models of the vroegsignalering app (built in its own issue)."""
