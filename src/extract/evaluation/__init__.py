"""Evaluation (docs/evaluation.md): match predicted records to gold ones and score them. Never imports a component."""

from .matching import match_article
from .report import evaluate_records

__all__ = ["evaluate_records", "match_article"]
