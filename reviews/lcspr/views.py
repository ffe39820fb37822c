"""The LCSPR pages. None yet."""
