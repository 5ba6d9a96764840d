"""Score a claim with the committed claim model, in plain Python (no scikit-learn at build time).

`reference/model/claim_model.json` holds a logistic regression as data: the intercept, one
coefficient per named feature (hotspots.extract.model.features), the threshold chosen by
cross-validation, and the hashes of what it was trained on (hotspots.extract.model.train). A
claim's confidence is the logistic of intercept + sum of the coefficients of its features,
rounded to 4 decimals; a claim below the threshold is withheld from facts (hotspots.reconcile).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = Path("model") / "claim_model.json"
FORMAT = 1


@dataclass(frozen=True)
class ClaimModel:
    intercept: float
    coefficients: dict[str, float]
    threshold: float
    data: dict  # the whole JSON document (hashes, cross-validation figures)

    def confidence(self, features: dict[str, float]) -> float:
        coefficients = self.coefficients
        z = self.intercept
        for name, value in features.items():
            z += coefficients.get(name, 0.0) * value
        return round(1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z)))), 4)

    def keeps(self, confidence: float | None) -> bool:
        """Whether a claim with this confidence reaches facts (no confidence: not scored, kept)."""
        return confidence is None or confidence != confidence or confidence >= self.threshold


def model_path(reference_dir: Path) -> Path:
    return Path(reference_dir) / MODEL_FILE


def parse_model(data: dict, where: str = "claim model") -> ClaimModel:
    if data.get("format") != FORMAT or data.get("kind") != "logistic_regression":
        raise ValueError(f"{where}: not a claim model of format {FORMAT} (logistic_regression)")
    threshold = float(data["threshold"])
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"{where}: threshold {threshold} is not between 0 and 1")
    return ClaimModel(
        float(data["intercept"]),
        {str(k): float(v) for k, v in data["coefficients"].items()},
        threshold,
        data,
    )


def load_model(reference_dir: Path) -> ClaimModel | None:
    """The reference folder's claim model, or None when it has none (claims are then unscored
    and nothing is withheld). A model file that cannot be read is an error, never ignored."""
    path = model_path(reference_dir)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_model(data, str(path))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: cannot read the claim model: {exc}") from None
