"""The clocks of LCSPRs, declared beside their rules (deadlines.registry). Their rows
(lcspr_published, final_report_to_panel, report_kept_online) are declared, awaiting their
rules, in rapid_review/clocks.py until the LCSPR records exist."""
