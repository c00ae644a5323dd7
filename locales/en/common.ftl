# H2: the frame of every page (layout.html) and what several pages share.
# One file per area, the same ids in locales/fr/. Ids ending in -html carry markup.

site-skip-links = Quick access
skip-content = Content
skip-menu = Menu
skip-footer = Footer
header-home-link = Home — { $site }
header-organiser = Organiser space
nav-main = Main menu
nav-home = Home
nav-events = Events
nav-archives = Past editions
nav-tags = Tags
feed-events = { $site }: events
feed-gazette = { $site }: the gazette

lang-switch = Language
    .title = Choose the language of the site

footer-home-link = Back to the home page — { $site }
footer-write = Write to us
footer-chat = Chat room
external-site = (external site)
footer-feed = Atom feed of the events
footer-gazette = The gazette
footer-calendar = Calendar of the events (iCalendar)
footer-gazette-title = Get the { $site } gazette
footer-gazette-email = Email address
email-hint = Expected format: firstname.lastname@example.org
footer-gazette-consent = I agree to receive the gazette by email; I can unsubscribe at any time.
footer-gazette-rights = Your personal data and your rights
footer-gazette-submit = Subscribe to the gazette
footer-sitemap = Site map
footer-accessibility = Accessibility: { $compliance ->
    [full] fully compliant
    [partial] partially compliant
   *[none] not compliant
}
footer-legal = Legal notice
footer-personal-data = Personal data
footer-powered = Site powered by rencontres, free software under the EUPL-1.2 licence.

places-left = { $count ->
    [one] { $count } place left
   *[other] { $count } places left
}
