"""Leave of absence: writing approved leave as marks, decision letters, the parent portal API."""
