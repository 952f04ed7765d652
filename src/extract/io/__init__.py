"""Readers of articles (SPEC §2) and writers of records."""
