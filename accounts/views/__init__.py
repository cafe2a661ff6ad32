"""Account pages: signing in and out, the password, the audit search."""
