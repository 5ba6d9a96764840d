"""The claim model: features of each drafted claim (`features`), its score in plain Python
(`score`), and its training on the development gold (`train`, which alone imports scikit-learn).

`load_scorer(reference_dir)` gives what the extractor needs to give every claim a confidence:
the model of `reference_dir/model/claim_model.json` and the cue words of
`reference_dir/model/words.yaml`; None when the folder has no model (claims stay unscored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hotspots.extract.model.features import WORDS_FILE, CueWords, load_cue_words
from hotspots.extract.model.score import ClaimModel, load_model

__all__ = ["Scorer", "load_scorer", "words_path"]


@dataclass(frozen=True)
class Scorer:
    model: ClaimModel | None  # None: features only (training)
    cues: CueWords


def words_path(reference_dir: Path) -> Path:
    return Path(reference_dir) / WORDS_FILE


def load_scorer(reference_dir: Path) -> Scorer | None:
    model = load_model(reference_dir)
    if model is None:
        return None
    words = words_path(reference_dir)
    if not words.is_file():
        raise FileNotFoundError(f"{words} is missing: the claim model's features need it")
    return Scorer(model, load_cue_words(words.resolve()))
