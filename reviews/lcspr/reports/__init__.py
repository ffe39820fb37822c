"""The LCSPR's report (issue 13, items 8 and 10): versions of the report uploaded as case
documents, the governance and Learning and Development groups' comments on each, the sign-off
of the final report by the three safeguarding partners and the independent scrutineer bound
to a version, its recommendations, and the redaction check before anything is sent or
published."""
