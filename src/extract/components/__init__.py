"""spaCy components of extract, one module per kind. Importing a module registers its factory."""
