"""Our components as spaCy expects them of a pipeline component: settings in the config, data on disk.

A factory returns a `DataComponent`: it holds the component's settings as written in the config (data files
relative to the models folder: `words = "lexicon/dates"`), so that `nlp.config` never names a path of this
machine, and builds the real component from them when it is first used (or at once, when `load` is called,
as `extract.load` does). `nlp.to_disk(path)` copies every data file the component reads into `path/<name>/`
with a `settings.json`; `spacy.load(path)` then reads them from there (`from_disk`), so that a saved pipeline
gives the same records on another machine, or after its folder moved, with only `extract` installed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..data import default_models_dir

SETTINGS_FILE = "settings.json"


class DataComponent:
    """A pipeline component built from data files; `builder(nlp, name, **settings)` makes the real one."""

    def __init__(self, nlp: Language, name: str, builder: Callable[..., Any], settings: dict[str, Any],
                 paths: Iterable[str]) -> None:
        self.nlp = nlp
        self.name = name
        self._builder = builder
        self._settings = dict(settings)
        self._paths = tuple(paths)
        self._root = default_models_dir()
        self._component: Any = None

    # -- building ---------------------------------------------------------------------------------------------
    def _resolved(self, root: Path) -> dict[str, Any]:
        """The settings with each data path made absolute against `root` (an absolute path stays)."""
        out = dict(self._settings)
        for key in self._paths:
            value = out.get(key)
            if isinstance(value, str) and value and not Path(value).is_absolute():
                out[key] = str(root / value)
        return out

    def load(self, root: str | Path | None = None) -> DataComponent:
        """Build the component from the data under `root` (default: the models folder installed with extract)."""
        if root is not None:
            self._root = Path(root)
        self._component = self._builder(self.nlp, self.name, **self._resolved(self._root))
        # the component may have added lexeme flags to the vocab (TokenMatcher): the tokenizer's special cases
        # ("Oct.") and cache can hold lexemes made before, which would not see them; rebuild them from the vocab
        tokenizer = getattr(self.nlp, "tokenizer", None)
        if tokenizer is not None and hasattr(tokenizer, "rules"):
            tokenizer.rules = tokenizer.rules
        return self

    @property
    def component(self) -> Any:
        if self._component is None:
            self.load()
        return self._component

    # -- running ----------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return self.component(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        component = self.component
        if hasattr(component, "pipe"):
            yield from component.pipe(docs, batch_size=batch_size)
        else:
            for doc in docs:
                yield component(doc)

    def __getattr__(self, attribute: str) -> Any:
        # the built component's attributes, once it is built; spaCy probes components for many attributes
        # while it builds a pipeline (a model, listeners, labels), which must not build ours: the data would be
        # read twice, the first time perhaps from the wrong folder
        if attribute.startswith("_") or self._component is None:
            raise AttributeError(attribute)
        return getattr(self._component, attribute)

    # -- serialising ------------------------------------------------------------------------------------------
    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Copy every data file or folder the component reads into `path`, with the settings naming them."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        saved = dict(self._settings)
        resolved = self._resolved(self._root)
        for key in self._paths:
            source = resolved.get(key)
            if not isinstance(source, str) or not source:
                continue
            relative = self._settings[key] if not Path(self._settings[key]).is_absolute() else \
                f"{key}/{Path(source).name}"
            target = path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if Path(source).is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            elif Path(source).is_file():
                shutil.copyfile(source, target)
            saved[key] = relative
        (path / SETTINGS_FILE).write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> DataComponent:
        """Build the component from the data `to_disk` saved in `path`."""
        path = Path(path)
        settings = path / SETTINGS_FILE
        if settings.is_file():
            self._settings.update(json.loads(settings.read_text(encoding="utf-8")))
        return self.load(path)


def config_defaults(factory: str) -> dict[str, Any]:
    """The settings of the component made by `factory` in the config of the installed models folder, the
    factory's defaults: `nlp.add_pipe("extract_dates")` reads the data the package ships, and the files are
    named once, in the config. Every string setting is a data path (relative to the models folder)."""
    from spacy.util import load_config

    from ..data import DEFAULT_CONFIG

    config = load_config(default_models_dir() / DEFAULT_CONFIG, interpolate=False)
    for settings in config["components"].values():
        if settings.get("factory") == factory:
            return {key: value for key, value in settings.items() if key != "factory"}
    raise KeyError(f"no component made by {factory!r} in {default_models_dir() / DEFAULT_CONFIG}")


def data_paths(defaults: dict[str, Any]) -> tuple[str, ...]:
    """The settings that name data files or folders: the string ones."""
    return tuple(key for key, value in defaults.items() if isinstance(value, str))
