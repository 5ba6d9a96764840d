"""croissant.json: ML Croissant 1.0 metadata (schema.org vocabulary), generated from the models.

Every data file is a `cr:FileObject` with its sha256; each table is a `cr:RecordSet` whose fields
read the canonical Parquet file (true values, no CSV escaping), with the primary key as `key`
and foreign keys as `references`.
"""

from __future__ import annotations

from pathlib import Path

from hotspots.release import contract, identity
from hotspots.release.registry import sha256_file

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# The standard Croissant 1.0 JSON-LD context (as mlcroissant writes it).
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
}
FORMATS = {"parquet": "application/x-parquet", "csv": "text/csv"}


def _file_object(release_dir: Path, table: str, fmt: str) -> dict:
    path = f"data/{table}.{fmt}"
    return {
        "@type": "cr:FileObject",
        "@id": f"{table}-{fmt}",
        "name": f"{table}-{fmt}",
        "description": f"{table} table as {fmt.upper()}"
        + (" (text cells escaped, see README)." if fmt == "csv" else "."),
        "contentUrl": path,
        "contentSize": f"{(release_dir / path).stat().st_size} B",
        "encodingFormat": FORMATS[fmt],
        "sha256": sha256_file(release_dir / path),
    }


def _record_set(table: str) -> dict:
    fields = []
    for col in contract.table_columns(table):
        field: dict = {
            "@type": "cr:Field",
            "@id": f"{table}/{col.name}",
            "name": col.name,
            "description": col.description,
            "dataType": DATA_TYPES[col.kind],
            "source": {"fileObject": {"@id": f"{table}-parquet"}, "extract": {"column": col.name}},
        }
        for column, ref_table, ref_column in contract.foreign_keys(table):
            # A reference is a join for Croissant readers; a table joined to itself
            # (entities.parent_id) makes their operation graph cyclic, so it is left to the
            # field description and datapackage.json.
            if column == col.name and ref_table != table:
                field["references"] = {"field": {"@id": f"{ref_table}/{ref_column}"}}
        fields.append(field)
    record_set: dict = {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": contract.table_description(table),
        "field": fields,
    }
    key = contract.primary_key(table)
    if key:
        record_set["key"] = [{"@id": f"{table}/{k}"} for k in key]
    return record_set


def build_croissant(release_dir: Path, version: str, date: str, meta: dict, cite_as: str) -> dict:
    tables = contract.table_names()
    doc: dict = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": meta["name"],
        "description": meta["description"],
        "version": version,
        "datePublished": date,
        "license": meta["license"]["path"],
        "keywords": meta["keywords"],
        "creator": {"@type": "sc:Organization", "name": meta["creator"]},
        # Croissant asks for BibTeX in citeAs; schema.org's creditText holds the plain citation.
        "citeAs": identity.bibtex(meta, version, date),
        "creditText": cite_as,
        "distribution": [
            _file_object(release_dir, t, fmt) for t in tables for fmt in ("parquet", "csv")
        ],
        "recordSet": [_record_set(t) for t in tables],
    }
    url = identity.version_url(meta, version)
    if url:  # never invented: schemas/dataset.yaml has no homepage until the maintainer sets one
        doc["url"] = url
        doc["isPartOf"] = {"@type": "sc:Dataset", "name": meta["title"], "url": meta["homepage"]}
    if meta.get("doi"):
        doc["identifier"] = identity.doi_url(meta)
    if meta.get("mirrors"):
        doc["sameAs"] = [f"{m.rstrip('/')}/{version}/" for m in meta["mirrors"]]
    if meta.get("maintainer"):
        doc["maintainer"] = {"@type": "sc:Organization", "name": meta["maintainer"]["name"]}
    return doc
