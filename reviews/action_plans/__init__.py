"""Action plans from any source (a rapid review, an LCSPR, a learning review): actions with
owners and due dates, evidence, extensions and escalation when overdue (004 sections 9 and
16). The structure is here; the action plan issue fills it."""
