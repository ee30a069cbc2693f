"""Livelihood projects voted by deputies (民生实事项目代表票决制): collection, the government's shortlist,
the presidium's deliberation, the deputies' vote, supervised implementation and the year-end rating."""
