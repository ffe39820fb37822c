"""The action plan pages. None yet."""
