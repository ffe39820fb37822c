"""Local Child Safeguarding Practice Reviews, from the partners' decision to initiate one to
its closure (004 sections 8, 9, 14-16; 002 sections 8-9): the review's lifecycle, telling the
National Panel, Ofsted and DfE of the decision and of the reviewer, commissioning the
reviewer (assessed against 004 section 8.1, any conflict of interest decided), the reviewer's
access to this review only, and its clocks. The drafts and sign-offs bound to versions of
the report, publication's details and the redaction check are simple records for now, with
hooks (workflow.requires) for the parts that follow."""
