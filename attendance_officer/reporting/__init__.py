"""What leaves the school from the reports: returns exported, daily lists and packs sent."""
