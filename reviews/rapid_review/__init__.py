"""The rapid review: the decision to hold it, the agencies' information returns, the panel, the
recommendation, the three partners' sign-off and what the National Panel says (000, 001, 002
section 7, 004 section 6)."""
