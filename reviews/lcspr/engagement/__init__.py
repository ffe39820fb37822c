"""The LCSPR's practitioners and family (issue 13 item 5): the practitioners involved and how
they take part, the family members invited and who engages them, their consent and what they
were told, each contact with them, and the partners' decision whether the reviewer sees all
this (item 12)."""
