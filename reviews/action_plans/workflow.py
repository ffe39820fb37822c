"""The transitions of action plans, declared to safeguarding.workflow. None yet."""
