"""Single sign-on: staff sign in through the council's OpenID Connect provider.

docs/decisions/0023-single-sign-on.md says why it works as it does. In short: off unless
configured (`config`); the provider proves who someone is, the product decides whether they
may come in (`services.staff_for_provider_sign_in`: matched by the provider's subject id once
linked, else by e-mail; unknown people are refused, never created; deactivated people are
refused); `backends` does the OpenID Connect code flow with mozilla-django-oidc and, when the
organisation switches passwords off, refuses passwords for everyone but the named
break-glass administrator; `session` says what a signed-in session learnt from the provider
(whether it asserted a second factor, and where sign-out sends the person next).
"""
