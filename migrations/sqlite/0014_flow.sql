-- Issue 19 (A2 B6 C4 G2): what the flows of organisers, participants and speakers need.
-- The meeting link of an online event: given to confirmed participants only, never on a
-- public page, so it is not part of the public event fields.
ALTER TABLE events ADD COLUMN meeting_url TEXT;
-- C4 (issue 19): the optional photo of a speaker, shown on their public page once their talk
-- is in a released programme. A path under /media/, as event images.
ALTER TABLE proposal_speakers ADD COLUMN photo_path TEXT;
-- C3 (issue 19): what an accepted speaker changed afterwards, shown to the organisers:
-- comma-separated codes (`title`, `minutes`), NULL when nothing changed.
ALTER TABLE proposals ADD COLUMN changed_after_decision TEXT;
