"""The LCSPR's requests to agencies for information (issue 13 item 12; 004 section 8.6, 002
section 9: the review collates and analyses the agencies' information, chronologies and
reports; 003: an organisation asked has a duty to respond within the timescale the request
sets). Each agency asked gets its own return, the rapid review's Information Gathering Tool
reused (its pages, its portal for the agency's contributors, its chronology, its email and
its clock), linked to the LCSPR: the rapid review neither closes nor sends it."""
