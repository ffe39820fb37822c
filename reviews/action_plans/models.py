"""The action plans' records. None yet: the action plans issue adds them, each with its state field
declared to the workflow in workflow.py."""
