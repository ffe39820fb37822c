"""Every change to action plans, each through the workflow. None yet."""
