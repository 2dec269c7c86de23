"""The second factor at sign-in (issue 15 point 1; docs/decisions/0022).

After the password, a person whose role needs it (system administrators, quality assurance,
heads of service, the director), everyone when their organisation switches it on, and anyone
who set one up of their own accord gives a second factor: a code from an authenticator app
(TOTP, django-otp), a recovery code (once each), or a passkey where the browser has one
(django-otp-webauthn). Until then such a session reaches only sign-in, set-up and sign-out
(`middleware`), and the API refuses it (`api_auth`).

- `permissions`: who must give a second factor, who may reset someone's;
- `session`: whether this session has given it (read from the session, no query);
- `services`: set up, verify (a code works once; wrong codes throttled), recovery codes,
  reset by an administrator; every outcome a security event;
- `views`, `forms`, `urls`, `admin`, `demo`.
"""
