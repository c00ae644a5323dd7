# H2: the error pages (templates/errors/, web::error). The same ids in locales/fr/errors.ftl.

error-title-not-found = Page not found
error-title-bad-request = Invalid request
error-title-unprocessable = Action not possible
error-title-too-large = Upload too large
error-title-forbidden = Access denied
error-title-too-many = Too many requests
error-title-server = Server error
error-title-link-gone = Invalid link

error-status = Error { $status }
error-home = Home page

error-too-large = The form you sent is too large.
error-malformed = The address you asked for contains a value that is not valid. Check the link or go back to the previous page.
error-csrf = The form has expired or does not come from this site. Reload the page and try again.
error-no-access = Your account does not have access to this page.
error-conflict = This action conflicts with existing data.

error-bad-request = Bad request
error-bad-request-text = The request could not be understood.
error-not-found = Page not found
error-not-found-lead = The page you are looking for cannot be found. We apologise for the inconvenience.
error-not-found-text = If you typed the address into your browser, check that it is correct. The page may no longer be available: a past event can still be found among the past editions.
error-server = Unexpected error
error-server-lead = Sorry, the service has run into a problem. We are working to fix it as quickly as possible.
error-server-text = Try refreshing the page or come back later.
error-too-many-lead = Too many requests, try again in a few moments.
error-too-many-text = To protect the service, the number of requests sent from your connection is limited. Wait a minute before trying again.
error-link-gone = This link is no longer valid
error-link-gone-lead = This personal link does not open any registration.
error-link-gone-why = A registration's link stays the same in all our messages. It stops working when the organisers have revoked it (for example because it had been disclosed: a new link was then sent by email), when the registration has been erased, or if the address was copied wrongly.
error-link-gone-ask = Enter your email address: we will send the current link of each of your registrations to it.
