"""Every change to LCSPRs, each through the workflow. None yet."""
