# H2: the public pages (home, events, an event, past editions, tags) and the pieces they share
# (macros.html, the event cards of web::views). The same ids in locales/fr/public.ftl.

# Page titles
title-home = Home
title-events = Upcoming events
title-archives = Past editions
title-tags = Tags
title-tag = Tag “{ $tag }”
title-tag-heading = Tag “{ $tag }”

# Event kinds (domain::event::EventKind codes)
event-kind-hackathon = Hackathon
event-kind-garagethon = Garagethon
event-kind-day = One-day event
event-kind-half-day = Half-day event
event-kind-conference = Conference
event-kind-workshop = Workshop
event-kind-meetup = Meetup
event-kind-other = Event

# Registration, in a card and on the event page (web::views::registration_box)
registration-closed = Registration closed
registration-external = On the organiser's website.
registration-external-until = On the organiser's website until { $date }.
registration-external-short = Registration on the organiser's website
registration-external-button = Register on the external website
registration-opens-on = Opens on { $date }.
registration-opens-from = Registration from { $date }
registration-opens-soon = Registration opening soon
registration-preregistration = Pre-registration open.
registration-preregistration-until = Pre-registration open until { $date }.
registration-preregistration-short = Pre-registration open
registration-preregistration-until-short = Pre-registration open until { $date }
registration-preregister = Pre-register
registration-invitation = By invitation.
registration-invitation-short = By invitation
registration-full = Full: new registrations go on the waiting list.
registration-full-short = Full — waiting list
registration-waitlist = Join the waiting list
registration-open = Registration open, while places last.
registration-open-short = Registration open
registration-open-until-short = Registration open until { $date }
registration-register = Register

# Refusals of the registration rules that a public page shows (domain::registration::Refusal)
refusal-not-open-yet = Registration has not opened yet.
refusal-closed = Registration is closed.
refusal-event-started = This event has already started.
refusal-invitation-only = Registration for this event is by invitation.
refusal-external = Registration for this event takes place on another website.
refusal-no-registration = Registration is not open for this event.
refusal-status-not-eligible = This event is reserved for public servants and public-sector contractors.
refusal-domain-not-eligible = Registration is reserved for addresses from certain domains.

# The call for talks (web::views::call_status)
call-opens-from = Call for talks open from { $date }
call-open-until = Call for talks open until { $date }
call-closed = Call for talks closed

# macros.html
card-tags = Tags:
tag-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
breadcrumb = You are here:
optional = (optional)
answer-yes = Yes
answer-no = No
email-label = Email address
link-form-hint = The address you registered with. Expected format: firstname.lastname@example.org
link-form-submit = Send me my link
form-errors-title = The form contains errors

# Home
home-upcoming = Upcoming events
home-all-upcoming = All upcoming events
home-none = No event has been announced yet.
home-none-follow-html = To hear about the next one, subscribe to the <a href="/flux.atom" type="application/atom+xml">Atom feed</a> or the <a href="/calendrier.ics" type="text/calendar">calendar</a>, or browse the <a href="/archives">past editions</a>.
home-recent = Recent editions
home-all-past = All past editions
home-gazette = The gazette
home-gazette-latest-html = Latest issue: <a href="{ $url }">{ $title }</a>, published on <time datetime="{ $iso }">{ $date }</time>.
home-gazette-all = All issues and how to subscribe to the gazette
home-tags = Browse by tag
home-follow = Follow the events
home-atom = Atom feed
home-ical = iCalendar calendar
home-chat = Chat room

# Events
events-count = { $count ->
    [one] { $count } event announced, soonest first.
   *[other] { $count } events announced, soonest first.
}
events-none-html = Browse the <a href="/archives">past editions</a> or subscribe to the <a href="/flux.atom" type="application/atom+xml">Atom feed</a> to hear about the next one.
events-ical = All events in your calendar (iCalendar)

# Past editions
archives-years = Years
archives-none = No past editions yet.
archives-none-upcoming-html = See the <a href="/evenements">upcoming events</a>.

# Tags
tags-intro = Each tag gathers the upcoming events and past editions of one series or one theme. The number tells how many events carry it.
tags-none = No tags yet.
tag-upcoming = Upcoming
tag-upcoming-none = No upcoming event carries this tag yet.
tag-past-none = No past edition carries this tag.

# An event
event-over = This event is over.
event-cancelled-badge = Cancelled
event-over-badge = Over
event-cancelled = Event cancelled
event-cancelled-text = The organisers have cancelled this event. Registration is closed; registered participants and speakers have been informed by email.
event-facts = Practical information
event-date = Date
event-sessions = { $count ->
    [one] { $count } session:
   *[other] { $count } sessions:
}
event-venue = Venue
event-osm = View on OpenStreetMap
event-audience = Audience
event-contact = Contact
event-registration = Registration
event-call = Call for talks
event-propose = Submit a talk
event-accepted = Accepted talks
event-programme = See the programme
event-board = See the garagethon board
event-add-calendar = Add to my calendar
event-tags = Tags

# public/gazette/index.html
title-gazette = The gazette
gazette-lead = News from { $site }, by email, a few times a year.
gazette-subscribe = Subscribe
gazette-fix-errors = Correct the fields marked below.
gazette-email-hint = Expected format: firstname.lastname@example.org
gazette-consent = I agree to receive the gazette by email. I can unsubscribe at any time, in one click, from each issue.
gazette-confirm-html = You will receive an email to confirm your address: nothing will be sent to you without this confirmation. <a href="/donnees-personnelles#gazette">Your personal data and your rights</a>
gazette-submit = Subscribe me
gazette-issues = The issues
gazette-feed = Atom feed of the gazette
gazette-no-issue = No issue has been published yet.

# public/gazette/issue.html
gazette-published-html = Published on <time datetime="{ $iso }">{ $date }</time>
gazette-all-issues = All issues and subscription

# public/gazette/left.html
title-gazette-left = You are unsubscribed
gazette-left-lead = You will no longer receive the gazette or our announcements.
gazette-left-text-html = Your address has been erased. We keep only an encrypted fingerprint of it, so that no list import can subscribe you again without your consent. You can always subscribe again from <a href="/gazette">the gazette page</a>.

# public/gazette/subscribed.html
title-gazette-check = Check your inbox
gazette-sent = We have just sent an email to the address you gave.
gazette-sent-text = Open the link it contains to confirm your subscription to the gazette: nothing will be sent to you without this confirmation. If this address already receives the gazette, the email contains the link to manage your subscription.
gazette-spam = If the message does not arrive within a few minutes, look in your spam folder.
gazette-back = Back to the gazette
gazette-email-missing = The email address is required.
gazette-email-invalid = The email address is not valid (example: firstname.lastname@example.org).
gazette-consent-missing = Tick the box to agree to receive the gazette.
