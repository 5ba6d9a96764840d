"""The claim model (issue #18 deliverable 3): features, scoring, withholding, staleness, retraining."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import RAW, REFERENCE, build_tables, write_doc
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.extract import Extractor
from hotspots.extract.model import Scorer, load_scorer, words_path
from hotspots.extract.model.features import load_cue_words
from hotspots.extract.model.score import load_model, model_path, parse_model
from hotspots.extract.model.train import model_bytes, stale_reasons
from hotspots.ingest import ingest

TEXT = (
    "Shenzhen-Hong Kong-Guangzhou ranked second in the 2023 Global Innovation Index cluster ranking.\n"
    "Hefei plans to have 20 unicorns by 2030.\n"
    "Beijing is home to 82 unicorns.\n"
)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list:
    folder = tmp_path_factory.mktemp("model-docs")
    write_doc(folder, "a", TEXT)
    return ingest(folder).documents + ingest(RAW).documents


def _features(gazetteer, documents) -> list[list[tuple[str, dict]]]:
    cues = load_cue_words(words_path(REFERENCE))
    extractor = Extractor(gazetteer, scorer=Scorer(None, cues), keep_features=True)
    return [
        [(c["claim_id"], c["features"]) for c in extractor.extract(d).claims] for d in documents
    ]


def test_features_are_deterministic_and_describe_the_claim(gazetteer, documents):
    first = _features(gazetteer, documents)
    assert first == _features(gazetteer, documents)  # a fresh extractor, the same features
    claims = [f for doc in first for _, f in doc]
    assert claims and all(any(k.startswith("rule=") for k in f) for f in claims)
    assert all(any(k.startswith("predicate=") for k in f) for f in claims)
    cues = load_cue_words(words_path(REFERENCE))
    extractor = Extractor(gazetteer, scorer=Scorer(None, cues), keep_features=True)
    by_quote = {c["quote"]: c for c in extractor.extract(documents[0]).claims}
    plan = by_quote["Hefei plans to have 20 unicorns by 2030."]["features"]
    count = by_quote["Beijing is home to 82 unicorns."]["features"]
    rank = next(c for q, c in by_quote.items() if q.startswith("Shenzhen"))["features"]
    # the plan carries its goal words near the claim; the plain count does not
    assert "near_cue=goal" in plan and "near_cue=goal" not in count
    assert "near_cue=ranking" in rank and "first_sentence" in rank
    assert "subject_source=gazetteer" in count and "subject_before_value" in count
    assert by_quote["Hefei plans to have 20 unicorns by 2030."]["confidence"] is None  # no model


def test_committed_model_scores_every_claim_between_0_and_1(gazetteer, documents):
    scorer = load_scorer(REFERENCE)
    assert scorer is not None and scorer.model is not None
    claims = [c for d in documents for c in Extractor(gazetteer, scorer=scorer).extract(d).claims]
    assert claims and all(0.0 <= c["confidence"] <= 1.0 for c in claims)
    data = json.loads(model_path(REFERENCE).read_text(encoding="utf-8"))
    assert set(data["features"]) == set(data["coefficients"])
    assert data["trained_on"]["gold_sets"] and "real_blind" not in data["trained_on"]["gold_sets"]
    assert 0.0 <= data["threshold"] <= 1.0 and data["threshold_rule"]


def test_unreadable_model_is_a_clear_error(tmp_path):
    ref = tmp_path / "reference"
    (ref / "model").mkdir(parents=True)
    (ref / "model" / "claim_model.json").write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ValueError, match="claim model"):
        load_model(ref)
    assert load_model(tmp_path / "nothing") is None  # no model: claims stay unscored


def _reference_with_model(tmp_path: Path, edit) -> Path:
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    data = json.loads(model_path(ref).read_text(encoding="utf-8"))
    edit(data)
    parse_model(data)
    model_path(ref).write_bytes(model_bytes(data))
    return ref


def _distrust(predicate: str):
    """A model that scores every claim of `predicate` near 0 and every other claim near 1."""

    def edit(data: dict) -> None:
        data["coefficients"] = {f"predicate={predicate}": -20.0}
        data["features"] = sorted(data["coefficients"])
        data["intercept"] = 10.0
        data["threshold"] = 0.5

    return edit


def test_withheld_claim_is_in_the_low_confidence_report_not_in_facts(tmp_path):
    ref = _reference_with_model(tmp_path, _distrust("described_as"))
    dist = tmp_path / "dist"
    from hotspots import pipeline as p
    from hotspots.options import BuildOptions

    report = p.new_report(RAW, dist)
    tables = p.build_tables(
        report, BuildOptions(raw_dir=RAW, dist_dir=dist, reference_dir=ref, use_cache=False)
    )
    claims, facts = tables["claims"], tables["facts"]
    low = claims[claims["predicate"] == "described_as"]
    assert len(low) and (low["confidence"] < 0.5).all()
    assert (claims.loc[claims["predicate"] != "described_as", "confidence"] > 0.5).all()
    # withheld from facts, kept in claims with their confidence
    assert "described_as" not in set(facts["predicate"])
    fact_claims = {c for ids in facts["claim_ids"] for c in ids.split(";")}
    assert fact_claims.isdisjoint(low["claim_id"])
    path = p.low_confidence_file(report, dist)
    listed = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(listed["claim_id"]) == set(low["claim_id"])
    # each with its own claim's quote (reconcile's records carry quotes for the withheld only)
    quotes = dict(zip(low["claim_id"], low["quote"], strict=True))
    assert dict(zip(listed["claim_id"], listed["quote"], strict=True)) == quotes
    assert report.low_confidence["withheld"] == len(low)
    assert report.low_confidence["path"] == str(path)
    assert any("low confidence" in line for line in p.summary_lines(report.as_dict()))


def test_a_corrected_claim_is_not_withheld(tmp_path):
    ref = _reference_with_model(tmp_path, _distrust("described_as"))
    claims = build_tables(RAW, ref, tmp_path / "d1")["claims"]
    target = claims[claims["predicate"] == "described_as"].sort_values("claim_id").iloc[0]
    name = next(d.name for d in ingest(RAW).documents if d.document_id == target["document_id"])
    correction = {
        "document": name,
        "subject_id": target["subject_id"],
        "predicate": "described_as",
        "expect": {"value_text": target["value_text"]},
        "set": {"value_text": target["value_text"]},
        "reason": "checked by a person",
    }
    (ref / "corrections.yaml").write_text(yaml.safe_dump([correction]), encoding="utf-8")
    facts = build_tables(RAW, ref, tmp_path / "d2")["facts"]
    fact_claims = {c for ids in facts["claim_ids"] for c in ids.split(";")}
    assert target["claim_id"] in fact_claims


def test_without_a_model_nothing_is_withheld(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    model_path(ref).unlink()
    tables = build_tables(RAW, ref, tmp_path / "dist")
    assert tables["claims"]["confidence"].isna().all()
    fact_claims = {c for ids in tables["facts"]["claim_ids"] for c in ids.split(";")}
    assert set(tables["claims"]["claim_id"]) == fact_claims


def test_committed_model_is_current():
    assert stale_reasons(REFERENCE) == [], "run `hotspots train-model`"
    result = CliRunner().invoke(app, ["train-model", "--check"])
    assert result.exit_code == 0, result.output


def test_stale_check_fails_when_the_words_or_the_training_data_change(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    assert stale_reasons(ref) == []
    words = words_path(ref)
    words.write_text(words.read_text(encoding="utf-8") + "extra: [lorem]\n", encoding="utf-8")
    assert any("words.yaml" in r for r in stale_reasons(ref))
    result = CliRunner().invoke(app, ["train-model", "--check", "--reference", str(ref)])
    assert result.exit_code == 1 and "stale" in result.output
    # the training data: the model file names other data than what is there now
    data = json.loads(model_path(ref).read_text(encoding="utf-8"))
    data["trained_on"]["training_sha256"] = "0" * 64
    model_path(ref).write_bytes(model_bytes(data))
    assert any("training data changed" in r for r in stale_reasons(ref))


@pytest.mark.slow
def test_retraining_gives_the_committed_bytes():
    """`hotspots train-model` on unchanged inputs rewrites reference/model/claim_model.json
    byte for byte (fixed order, deterministic solver, rounded floats). ~15 s."""
    from hotspots.extract.model.train import train

    assert model_bytes(train(REFERENCE)) == model_path(REFERENCE).read_bytes()


def test_a_claim_whose_fact_a_value_judgement_settles_is_not_withheld(tmp_path):
    ref = _reference_with_model(tmp_path, _distrust("described_as"))
    claims = build_tables(RAW, ref, tmp_path / "d1")["claims"]
    target = claims[claims["predicate"] == "described_as"].sort_values("claim_id").iloc[0]
    judgements = yaml.safe_load((ref / "judgements.yaml").read_text(encoding="utf-8"))
    judgements["values"] = [
        {
            "subject_id": target["subject_id"],
            "predicate": "described_as",
            "value_text": target["value_text"],
            "reason": "a person read the text",
        }
    ]
    (ref / "judgements.yaml").write_text(yaml.safe_dump(judgements), encoding="utf-8")
    tables = build_tables(RAW, ref, tmp_path / "d2")
    fact_claims = {c for ids in tables["facts"]["claim_ids"] for c in ids.split(";")}
    assert target["claim_id"] in fact_claims
    # the other claims of the predicate are still withheld
    others = set(claims.loc[claims["predicate"] == "described_as", "claim_id"]) - {
        target["claim_id"]
    }
    assert others and others.isdisjoint(fact_claims)


def test_a_new_model_invalidates_cached_extractions_and_the_no_change_check(tmp_path):
    from hotspots.ops.cache import key_parts
    from hotspots.ops.fingerprint import input_fingerprint

    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    before = key_parts(ref)["reference"], input_fingerprint(RAW, ref)["combined"]
    data = json.loads(model_path(ref).read_text(encoding="utf-8"))
    data["threshold"] = 0.9
    model_path(ref).write_bytes(model_bytes(data))
    after = key_parts(ref)["reference"], input_fingerprint(RAW, ref)["combined"]
    assert before[0] != after[0] and before[1] != after[1]


def test_evaluate_shows_rules_alone_beside_the_model_and_no_model_scores_the_rules():
    gold = str(REFERENCE.parent / "tests" / "gold" / "heldout")
    with_model = CliRunner().invoke(app, ["evaluate", "--gold", gold, "--json"])
    no_model = CliRunner().invoke(app, ["evaluate", "--gold", gold, "--json", "--no-model"])
    assert with_model.exit_code == 0 and no_model.exit_code == 0
    both, rules = json.loads(with_model.output)[gold], json.loads(no_model.output)[gold]
    assert "rules_alone" not in rules
    assert both["rules_alone"] == rules["overall"]
    # the model only withholds: never a claim the rules did not make
    assert (
        both["overall"]["tp"] + both["overall"]["fp"]
        <= rules["overall"]["tp"] + rules["overall"]["fp"]
    )
    text = CliRunner().invoke(app, ["evaluate", "--gold", gold]).output
    assert "rules alone" in text and "with the model" in text


def test_development_documents_fall_in_the_batches_they_were_first_seen_in():
    from hotspots.extract.model.validate import batch_of

    assert batch_of("real_dev", "rd07_shenzhen_gii") == "real_dev:rd"
    assert batch_of("real_dev", "rn19_wuhan_optics_valley") == "real_dev:rn19"
    assert batch_of("real_dev", "rn21_new_publisher") == "real_dev:rn21"  # a later stop's batch
    assert batch_of("heldout", "rn19_wuhan_optics_valley") == "heldout"  # other sets: one batch


class _Batches:
    """Stands for BatchScores: each batch's score (tp, fp, fn) with the claims below a threshold
    withheld, as given from each table key up to the next (the claims' confidences)."""

    def __init__(self, confidences: list[float], table: dict[float, dict[str, tuple]]) -> None:
        self.scored = pd.DataFrame({"confidence": confidences})
        self.table = table

    def at(self, t: float) -> dict:
        from hotspots.evaluate import Score

        key = max(k for k in self.table if k <= t)
        return {b: Score(*v) for b, v in self.table[key].items()}


def test_threshold_withholds_only_what_pays_on_every_held_out_batch():
    from hotspots.extract.model.validate import choose_threshold

    rules = {"a": (100, 5, 50), "b": (100, 5, 50)}
    # 0.2 removes two false facts for nothing; 0.5 removes three more but costs batch "a" two
    # points of recall (more than the slack), though its pooled gain (2 x 5 - 2) is higher
    table = {
        0.0: rules,
        0.2: {"a": (100, 4, 50), "b": (100, 4, 50)},
        0.5: {"a": (98, 1, 52), "b": (100, 2, 50)},
    }
    # halfway between the last confidence withheld (0.15) and the first kept (0.2)
    assert choose_threshold(_Batches([0.15, 0.2, 0.5, 0.9], table)) == 0.175
    # a threshold that loses as many true facts as twice the false ones it removes gains nothing
    table = {0.0: rules, 0.2: {"a": (99, 4, 51), "b": (99, 5, 51)}}
    assert choose_threshold(_Batches([0.1, 0.2, 0.9], table)) == 0.0
    # when a gain is possible within the slack it is taken: one true fact for two false ones
    table = {0.0: rules, 0.3: {"a": (99, 3, 51), "b": (100, 5, 50)}}
    assert choose_threshold(_Batches([0.1, 0.3, 0.9], table)) == 0.2
