"""The clocks of action plans, declared beside their rules (deadlines.registry). The overdue
escalations of the rapid review's immediate safety actions are in rapid_review/clocks.py until
actions move here."""
