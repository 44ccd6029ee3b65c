"""The classify stage: matches (page, item, signals) from the stored pages, by the evidence
model of the checklist's terms, with attribution of each page to its department."""
