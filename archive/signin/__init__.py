"""Sign-in: the lockout after failed attempts (django-axes) and two-factor sign-in for staff
(django-otp), with the pages that go with them. Wired in by settings (middleware, axes
callables), the root urlconf (`admin/two-factor/`) and `ArchiveConfig.ready()`."""
