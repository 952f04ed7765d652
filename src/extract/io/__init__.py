"""Readers of articles (docs/records.md) and writers of records."""
