"""The reads the action plans pages use. None yet."""
