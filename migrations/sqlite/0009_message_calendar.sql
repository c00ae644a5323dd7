-- G3 C3: an iCalendar file attached to a message (the event of a call's decision mail).
ALTER TABLE messages ADD COLUMN calendar TEXT;
