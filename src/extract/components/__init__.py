"""spaCy components of extract, one module per kind. Importing a module registers its factory."""
from .. import spans  # noqa: F401  (the span attributes: span._.entity_id, _.title, _.category, _.event...)
