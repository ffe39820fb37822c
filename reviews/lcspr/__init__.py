"""Local Child Safeguarding Practice Reviews, from the partners' decision to publication: the
reviewer commissioned, terms of reference, drafts, sign-off, the final report sent to the
National Panel, the Secretary of State and Ofsted, publication (002, 004 sections 7 to 14).
The structure is here; the LCSPR issue fills it."""
