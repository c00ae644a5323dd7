# H2: the legal pages (templates/public/legal/). The same ids in locales/fr/legal.ftl.

# public/legal/notice.html
title-legal-notice = Legal notice
legal-publisher = Publisher
legal-published-by = This site is published by { $publisher }{ $address }.
legal-publisher-missing = The publisher of this site has not yet been entered by the people who run it.
legal-director = Publication director
legal-not-given = Not given.
legal-host = Hosting
legal-hosted-by = This site is hosted by { $host }{ $address }.
legal-host-missing = The host of this site has not yet been entered.
legal-contact = Contact
legal-contact-missing = No contact address has been entered yet.
legal-accessibility-data = Accessibility and personal data
legal-accessibility-data-html = How far the site complies with the RGAA (the French accessibility standard) is described in the <a href="/accessibilite">accessibility statement</a>. How your data is processed is described on the <a href="/donnees-personnelles">personal data</a> page.
legal-software = Software
legal-software-text = This site runs on rencontres, free software published under the EUPL-1.2 licence. Unless stated otherwise, the texts of the events belong to their organisers.

# public/legal/site_map.html
title-site-map = Site map
site-map-feeds-html = Subscriptions: <a href="/flux.atom" type="application/atom+xml">Atom feed of the events</a>, <a href="/calendrier.ics" type="text/calendar">calendar of the events (iCalendar)</a>
title-accessibility = Accessibility statement
title-personal-data = Personal data

# public/legal/accessibility.html
a11y-commitment = { $site } is committed to making its digital services accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005.
a11y-documents = This commitment is set out in the following documents:
a11y-multi-year = Multi-year accessibility plan
a11y-action-plan = Action plan for the current year
a11y-plans-missing = The multi-year accessibility plan and this year’s action plan have not been published yet.
a11y-applies-html = This statement applies to the website <a href="{ $url }/">{ $url }</a>.
a11y-state = Compliance status
a11y-full-html = The website { $site } is <strong>fully compliant</strong> with the French accessibility standard (RGAA, référentiel général d’amélioration de l’accessibilité), version 4.1.2.
a11y-partial-html = The website { $site } is <strong>partially compliant</strong> with the French accessibility standard (RGAA, référentiel général d’amélioration de l’accessibilité), version 4.1.2, because of the non-compliances listed below.
a11y-none-html = The website { $site } is <strong>not compliant</strong> with the French accessibility standard (RGAA, référentiel général d’amélioration de l’accessibilité), version 4.1.2{ $audit ->
    [none] : no compliance audit has been carried out yet
   *[done] {""}
}.
a11y-results = Test results
a11y-audit-html = The compliance audit carried out { $auditor ->
    [none] {""}
   *[other] by { $auditor } {""}
}on { $date } shows that { $rate ->
    [none] some of the criteria
   *[other] { $rate }% of the criteria
} of RGAA version 4.1.2 are met.
a11y-no-audit = No compliance audit has been carried out yet, so there is no compliance rate to publish.
a11y-content = Non-accessible content
a11y-non-conformities = Non-compliances
a11y-no-non-conformity = The audit found no non-compliance.
a11y-listed-after-audit = They will be listed here after the first audit.
a11y-burden = Exemptions for disproportionate burden
a11y-none-f = None.
a11y-out-of-scope = Content not subject to the accessibility obligation
a11y-none-m = None.
a11y-drawn-up = Preparation of this statement
a11y-drawn-up-on = This statement was drawn up on { $date }.
a11y-drawn-up-missing = The date on which this statement was drawn up has not been entered yet.
a11y-technologies = Technologies used to build the site
a11y-html5 = HTML5
a11y-css = CSS, with the French State’s design system (DSFR)
a11y-js = JavaScript, as an enhancement only: every page works without it
a11y-environment = Test environment
a11y-environment-text = At every change of the software that runs the site, its pages are walked through automatically in the Chromium browser, with and without JavaScript, in both of its visual themes.
a11y-environment-audit = The combinations of browsers and assistive technologies used for the audit are listed in its report.
a11y-tools = Tools used to assess accessibility
a11y-tool-axe = axe-core (WCAG 2.1 level A and AA rules), run in Chromium on every published page
a11y-tool-html = Validation of the pages’ HTML code
a11y-tool-keyboard = Keyboard walks through the forms and checks of the error messages tied to their fields
a11y-pages = Pages of the site that were checked
a11y-page-events-html = <a href="/evenements">Upcoming events</a>, and the page of each event
a11y-page-archives-html = <a href="/archives">Past editions</a> and <a href="/etiquettes">tags</a>
a11y-page-forms = Registration and call-for-talks forms, personal pages of participants and speakers
a11y-page-programme = Programme, by day, by room and by track
a11y-page-board = Garagethon board and its projector view
a11y-page-legal-html = This statement, the <a href="/mentions-legales">legal notice</a>, the <a href="/donnees-personnelles">personal data</a> page and the <a href="/plan-du-site">site map</a>
a11y-feedback = Feedback and contact
a11y-feedback-text = If any content or service of this site remains inaccessible to you, let us know: the team will offer you another way to access it or send you the content in another form.
a11y-write-html = Write to <a href="mailto:{ $email }">{ $email }</a>.
a11y-contact-missing = The contact address of this site has not been entered yet.
a11y-remedies = Remedies
a11y-remedies-text = If you have reported an accessibility defect that prevents you from accessing content or a service and the answer you received does not satisfy you, you can refer the matter to the Défenseur des droits (the French Defender of Rights):
a11y-remedy-form-html = through the <a href="https://formulaire.defenseurdesdroits.fr/" rel="external" hreflang="fr">online form of the Défenseur des droits</a>;
a11y-remedy-delegate-html = through the <a href="https://www.defenseurdesdroits.fr/saisir/delegues" rel="external" hreflang="fr">delegate of the Défenseur des droits near you</a>;
a11y-remedy-post = by post, free of charge and without a stamp: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

# public/legal/personal_data.html
pd-reg-data = name, email address, organisation, status (public servant, contractor, other), answers to the event’s own questions, the history of the registration (confirmation, waiting list, cancellation) and attendance on the day.
pd-reg-purpose = to allocate places within the capacity, keep the waiting list, write to you about the event and welcome the participants.
pd-reg-basis = your consent, given in the registration form; you can withdraw it at any time by erasing your data.
pd-reg-recipients = the organisers of the event, and the welcome-desk volunteers for the attendance list.
pd-reg-retention = each event sets its own; once that period has passed after the end of the event, the registrations and the content of the messages sent are erased automatically.
pd-cfp-data = title and summary of the proposal, administration, names, addresses, organisations and biographies of the speakers, reviewers’ assessments.
pd-cfp-purpose = to choose the talks and build the programme.
pd-cfp-basis = your consent, given by sending the proposal; each speaker decides whether their name may be published.
pd-cfp-recipients = the organisers and reviewers of the event (without the names when the call is anonymous); the public only sees the accepted talks, with the names of those who agreed.
pd-cfp-retention = as long as the event is on the site, since the published programme is part of it; write to us to have it removed sooner.
pd-board-data = the code repositories, objectives, requests and offers of help you enter, linked to your registration. Your address is only shown to the person whose help you accepted, or who accepted yours, and to the organisers.
pd-board-retention = that of the event’s registrations; after they are erased, the archived board keeps the projects and objectives, without the names.
pd-gazette-data = email address, date of your consent, lists chosen (gazette, announcements of new events), permanent refusals reported by your mail service.
pd-gazette-purpose = to send you the gazette and, if you chose them, the announcements.
pd-gazette-basis = your consent, given in the form and then confirmed through the link received by email; each issue contains a link to unsubscribe in one click.
pd-gazette-recipients = the organisers of the site.
pd-gazette-retention = as long as you remain subscribed. When you unsubscribe, your address is erased; only an encrypted fingerprint of it is kept, so that no import can subscribe you again without your consent.
pd-accounts-data = name, email address, password (only a fingerprint is kept), roles, open sessions and the log of actions taken.
pd-accounts-retention = as long as the account exists; a session ends after 12 hours without activity, and at the latest 14 days after signing in.
pd-data = Data:
pd-purpose = Purpose:
pd-basis = Legal basis:
pd-recipients = Recipients:
pd-retention = Retention period:
pd-intro = For each service of the site, this page describes the data you entrust to us, why, how long it is kept, who receives it and how to exercise your rights.
pd-controller = The controller of this processing is { $publisher }.
pd-registrations = Registrations for events
pd-retention-caption = Retention period of registrations, by event
pd-event = Event
pd-dates = Dates
pd-erasure = Erasure
pd-days-after = { $days ->
    [one] { $days } day after the end of the event
   *[other] { $days } days after the end of the event
}
pd-no-registration = No event is taking registrations at the moment.
pd-call = Call for talks
pd-board = Garagethon boards
pd-gazette = Gazette
pd-accounts = Organiser accounts
pd-logs = Technical logs
pd-logs-text = The server logs refer to accounts by a number, never by an address, and contain neither passwords nor personal links. Each visitor’s IP address is only kept in memory, for a few minutes, to limit repeated form submissions.
pd-cookies = Cookies
pd-cookies-text = The site only sets the cookies it needs to work: the session of signed-in organisers, a security token for forms and, if you chose one, your language. It uses neither audience measurement nor advertising; that is why no banner asks for your consent.
pd-rights = Your rights
pd-rights-text = You can access your data, correct it, erase it or object to its processing.
pd-rights-link = The personal link you received by email after your registration or proposal lets you view and correct your information, download all your data and erase it, without an account.
pd-rights-write-html = For any other request, write to <a href="mailto:{ $email }">{ $email }</a>.
pd-dpo = Data protection officer:
pd-cnil-html = If you believe your rights are not being respected, you can lodge a complaint with the <a href="https://www.cnil.fr/fr/plaintes" rel="external" hreflang="fr">Commission nationale de l’informatique et des libertés (CNIL)</a>, the French data protection authority.
