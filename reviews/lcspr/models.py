"""The LCSPRs' records. None yet: the LCSPRs issue adds them, each with its state field
declared to the workflow in workflow.py."""
