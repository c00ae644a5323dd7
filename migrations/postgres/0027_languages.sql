-- H2 (issue 15): the language a person used, kept with what they sent so that their mails
-- come in it. 'fr' or 'en' (i18n::Lang::code); rows older than H2 are French.
ALTER TABLE registrations ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE proposals ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE gazette_subscribers ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
