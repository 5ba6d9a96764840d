"""Extraction results as tables: the documents table, mentions, claims, discovered entities and
refused drafts as rows (`extraction_rows`), joined across rounds (`concat_parts`) and typed once
all rows are in (`typed_tables`); unique strings as Arrow strings (`ARROW_STRING`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.discovered import DISCOVERED_COLUMNS
from hotspots.extract import UNIQUE_FIELDS, DocumentExtraction
from hotspots.ingest import Document
from schemas import columns

# the drafts the subject-doubt check refused, as the review file lists them (`quote`: the sentence)
REFUSED_COLUMNS = [
    "document_id",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "value_text",
    "char_start",
    "char_end",
    "extractor",
    "reason",
    "quote",
]


def refused_table(refused: pd.DataFrame, documents: list[Document]) -> pd.DataFrame:
    """The refused drafts with the sentence each was read from, in document and text order."""
    texts = {d.document_id: d.text for d in documents}
    out = refused.copy()
    out["quote"] = [
        texts[doc][int(a) : int(b)] if doc in texts else None
        for doc, a, b in zip(out["document_id"], out["char_start"], out["char_end"], strict=True)
    ]
    return out.sort_values(["document_id", "char_start", "predicate", "subject_id"], kind="stable")


def concat_parts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows of `frames` (same columns and dtypes, nothing inferred) in one frame, in order,
    each value of an object column the same object; Arrow string columns (`arrow_strings`) and
    typed columns (NUMERIC_TYPES) as one column of their type. Not `pd.concat`: it turns NaN into
    None in an object column that is all null in a part (pandas 2.3), where the frame of all rows
    keeps NaN (a missing key) and infers float64 from it."""
    if len(frames) == 1:
        return frames[0]
    names = list(frames[0].columns)
    values = {name: _concat_column([f[name] for f in frames]) for name in names}
    # object arrays stay object columns: the constructor infers nothing from a numpy array
    return pd.DataFrame(values, columns=names, copy=False)


def _concat_column(parts: list[pd.Series]) -> object:
    """The values of `parts` (one dtype) in one array of that dtype: object columns as a numpy
    object array (the same objects), numpy dtypes as numpy, extension types (Arrow strings,
    Int64) by their array type."""
    dtype = parts[0].dtype
    if isinstance(dtype, np.dtype):  # object (each value the same object) or numbers
        return np.concatenate([p.to_numpy(dtype=dtype) for p in parts])
    return type(parts[0].array)._concat_same_type([p.array for p in parts])


def documents_table(documents: list[Document]) -> pd.DataFrame:
    rows = [
        {
            "document_id": d.document_id,
            "name": d.name,
            "title": d.meta["title"],
            "url": d.meta["url"],
            "publisher": d.meta["publisher"],
            "published": d.meta["published"],
            "retrieved": d.meta["retrieved"],
            "license": d.meta["license"],
            "language": d.meta["language"],
            "sha256": d.sha256,
            "n_chars": len(d.text),
            "media_type": d.media_type,
            "converter": d.converter,
            "text_sha256": d.text_sha256,
        }
        for d in documents
    ]
    return pd.DataFrame(rows, columns=columns("documents")).astype({"n_chars": "int64"})


def claim_pages(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """The PDF page each claim's quote starts on (from the document's page offsets); null for
    documents without pages. Computed here, not cached with the claims: it follows from the text."""
    from hotspots.sources.convert import page_of

    pages = {d.document_id: d.pages for d in documents if d.pages}
    values = [
        page_of(pages[doc], start) if doc in pages else None
        for doc, start in zip(claims["document_id"], claims["char_start"], strict=True)
    ]
    return pd.Series(values, index=claims.index, dtype="Int64")


def extraction_tables(extractions: list[DocumentExtraction]) -> dict[str, pd.DataFrame]:
    return typed_tables(extraction_rows(extractions))


# Columns of a value per row that no other row shares (ids, quotes: UNIQUE_FIELDS): held as Arrow
# strings from extraction on, the text of every row in one buffer, not a Python object each (49
# bytes of header per string). Missing values read as NaN and comparisons give numpy booleans, as
# with object columns ("str", pandas' default string dtype from 3.0). Repeated values (document
# and entity ids, predicates, versions) stay objects: one shared string each (`share_values`),
# where Arrow would hold their text once per row.
ARROW_STRING = pd.StringDtype("pyarrow", na_value=np.nan)


def arrow_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its columns in UNIQUE_FIELDS as Arrow strings (ARROW_STRING)."""
    names = [n for n in frame.columns if n in UNIQUE_FIELDS]
    return frame.astype(dict.fromkeys(names, ARROW_STRING)) if names else frame


def extraction_rows(extractions: list[DocumentExtraction]) -> dict[str, pd.DataFrame]:
    """mentions, claims and discovered entities as frames of object columns (but the unique
    strings: `arrow_strings`, and the contract's numbers: NUMERIC_TYPES): no other dtype
    inferred yet, so that frames of parts of the documents can be joined before it is
    (`typed_tables`)."""
    return {
        "mentions": arrow_strings(
            pd.DataFrame(
                [m for e in extractions for m in e.mentions],
                columns=columns("mentions"),
                dtype=object,
            )
        ).astype(NUMERIC_TYPES["mentions"]),
        "claims": arrow_strings(
            pd.DataFrame(
                [c for e in extractions for c in e.claims], columns=columns("claims"), dtype=object
            )
        ).astype(NUMERIC_TYPES["claims"]),
        # not a published table: the resolve stage makes entities of it, then it is dropped
        "discovered": pd.DataFrame(
            [{"document_id": e.document_id, **d} for e in extractions for d in e.discovered],
            columns=DISCOVERED_COLUMNS,
            dtype=object,
        ),
        # not a published table: listed for review beside the run report (`record_refused`)
        "refused": pd.DataFrame(
            [{"document_id": e.document_id, **r} for e in extractions for r in e.refused],
            columns=REFUSED_COLUMNS[:-1],
            dtype=object,
        ),
    }


# The contract's numeric types of the extraction tables: given to each round's rows as they are
# made (`extraction_rows`), so that the numbers are never Python objects beyond their round. Held
# as objects until every round was joined, they were 4-5 KiB a document (a float or int object of
# 24-28 bytes per number: four per claim, two per mention), freed only at the end, in between the
# later rounds' objects.
NUMERIC_TYPES = {
    "mentions": {"char_start": "int64", "char_end": "int64"},
    "claims": {
        "char_start": "int64",
        "char_end": "int64",
        "value": "float64",
        "confidence": "float64",
        "page": "Int64",
    },
}


def typed_tables(rows: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each column's dtype inferred from all its values, as the frame constructor infers it
    (`infer_objects`: the same inference), then the contract's numeric types (NUMERIC_TYPES;
    a column of that type already is left as it is)."""
    out = {name: frame.infer_objects() for name, frame in rows.items()}
    for name, types in NUMERIC_TYPES.items():
        out[name] = out[name].astype(types)
    return out
