"""The transitions of LCSPRs, declared to safeguarding.workflow. None yet."""
