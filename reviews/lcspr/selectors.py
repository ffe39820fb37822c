"""The reads the LCSPRs pages use. None yet."""
