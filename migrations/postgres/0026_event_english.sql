-- H2 (issue 15): an organiser may give an event an English title and summary, shown to
-- English readers; empty when there is none (the French text is then shown, marked lang="fr").
ALTER TABLE events ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN summary_en TEXT NOT NULL DEFAULT '';
