"""Reproducible bytes for the data files: Parquet (canonical, typed) and CSV (escaped text).

The same tables always give the same bytes: rows are sorted, the Arrow schema is explicit
(derived from the pandera models), pandas metadata is dropped, and every Parquet writer option
that could vary is pinned. The pyarrow version is written into the file (`created_by`); it is
locked in uv.lock, so it only changes when the lock does (which then makes a patch release).

CSV rules (documented in the dataset card):
- UTF-8 without BOM, RFC 4180 quoting, `\\n` line ends, one header line.
- null is an empty field; an empty string is written `""` so that readers which distinguish
  the two (polars, DuckDB) get them back.
- numbers: integers as digits; floats as the shortest decimal that reads back to the same
  float64, positional (no exponent), without a trailing `.0` (23.0 -> `23`, 0.1 -> `0.1`).
- text cells starting with = + - @ TAB CR, or with ' itself, get one leading `'` so that
  spreadsheets do not run them as formulas; to undo, drop the first character of any text cell
  that starts with `'`. Numeric columns are never escaped (-3 stays -3). Parquet keeps the
  true values.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hotspots.release.contract import Column, ReleaseError, sort_key, table_columns

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}

# Pinned so that the bytes do not move with pyarrow's defaults.
ZSTD_LEVEL = 9
PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": ZSTD_LEVEL,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "store_schema": True,
    "write_page_index": False,
    "use_byte_stream_split": False,
}

CSV_ESCAPE_FIRST = ("=", "+", "-", "@", "\t", "\r", "'")
# Rows held as Python objects at a time when a table becomes text or rows (CSV, SQLite): a batch
# of the widest table (claims, with quotes) is a few MB, whole columns at 10,000 documents
# hundreds of MB.
ROW_BATCH = 10_000


class ContractError(ReleaseError, ValueError):
    """A table does not match the contract closely enough to be written."""


def arrow_schema(table: str, columns: list[Column] | None = None) -> pa.Schema:
    cols = table_columns(table) if columns is None else columns
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.kind], nullable=c.nullable) for c in cols])


def to_arrow(
    table: str,
    data: pd.DataFrame | pa.Table,
    columns: list[Column] | None = None,
    *,
    encode: bool = False,
) -> pa.Table:
    """The table as it is published: contract columns, explicit types, rows in sort order. An
    Arrow table (e.g. one published before) is checked, cast and sorted the same way. `columns`
    (default: the release contract's) names another stage's columns, e.g. the pipeline's facts.
    `encode`: the repeated values held dictionary-encoded (`encode_repeated`; the same rows)."""
    contract_columns = table_columns(table) if columns is None else columns
    names = [c.name for c in contract_columns]
    columns = data.column_names if isinstance(data, pa.Table) else list(data.columns)
    if columns != names:
        raise ContractError(f"{table}: columns {columns} are not the contract's {names}")
    if encode and isinstance(data, pd.DataFrame):
        return _encoded_from_pandas(table, data, arrow_schema(table, contract_columns))
    try:
        if isinstance(data, pa.Table):
            out = data.cast(arrow_schema(table, contract_columns))
        else:
            out = pa.Table.from_pandas(
                data, schema=arrow_schema(table, contract_columns), preserve_index=False
            )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError) as err:
        raise ContractError(f"{table}: cannot be typed as the contract says: {err}") from err
    # Sort by the declared key, then by every other column, so that the order is total even if
    # the key were not unique: row order must never depend on the order rows arrived in. Sorted
    # in Arrow (a stable sort, nulls last; UTF-8 bytes order strings as code points do), not in
    # pandas, which would copy a whole frame of Python objects first.
    keys = sort_key(table)
    order = keys + [n for n in names if n not in keys]
    indices = pc.sort_indices(out, sort_keys=[(n, "ascending", "at_end") for n in order])
    schema, unsorted = out.schema.remove_metadata(), out.columns
    del out
    sorted_table = pa.Table.from_arrays(take_each(unsorted, indices), schema=schema)
    return encode_repeated(sorted_table) if encode else sorted_table


def _encoded_from_pandas(table: str, data: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """`to_arrow(..., encode=True)` of a frame, a column at a time: a repeated column is encoded
    as it is converted, so the table is never whole as plain Arrow strings (at 20,000 documents
    the claims are ~150 MiB so, ~85 encoded). Its dictionary is made in sort order, so that its
    codes sort as its values do (Arrow's table sort refuses dictionary columns) and the rows get
    the order `to_arrow` gives them from the plain values."""
    arrays, fields, sortable = [], [], {}
    for field in schema:
        try:
            values = pa.array(data[field.name], type=field.type, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError) as err:
            raise ContractError(f"{table}: cannot be typed as the contract says: {err}") from err
        if pa.types.is_string(field.type) and isinstance(values, pa.Array) and len(values):
            encoded = _sorted_dictionary(values)
            if len(encoded.dictionary) <= ENCODE_SHARE * len(values):
                values = encoded
            del encoded
        arrays.append(values)
        fields.append(field.with_type(values.type))
        sortable[field.name] = values.indices if isinstance(values, pa.DictionaryArray) else values
    keys = sort_key(table)
    order = keys + [f.name for f in schema if f.name not in keys]
    indices = pc.sort_indices(
        pa.table(sortable), sort_keys=[(n, "ascending", "at_end") for n in order]
    )
    del sortable
    return pa.Table.from_arrays(take_each(arrays, indices), schema=pa.schema(fields))


def _sorted_dictionary(values: pa.Array) -> pa.DictionaryArray:
    """`values` dictionary-encoded with the dictionary in ascending order (UTF-8 bytes, as Arrow
    sorts strings), so that comparing codes compares values; nulls stay null codes."""
    encoded = values.dictionary_encode()
    order = pc.sort_indices(encoded.dictionary)
    rank = np.empty(len(order), np.int32)
    rank[order.to_numpy()] = np.arange(len(order), dtype=np.int32)
    codes = pa.array(rank).take(encoded.indices)
    return pa.DictionaryArray.from_arrays(codes, encoded.dictionary.take(order))


# --- repeated values held once (issue #21, item 1) --------------------------------------------------
# From `to_arrow` to the end of publish the claims and mentions are held as Arrow, every string
# once per row: at 10,000 documents 75 and 39 MiB, of which the ids of documents, subjects and
# entities, predicates, units, extractor names and versions repeat (a few thousand distinct values
# in hundreds of thousands of rows). Held dictionary-encoded (int32 codes into one copy of each
# value) they are 41 and 17 MiB. The published bytes must not see it: every reader that writes or
# compares values takes them decoded (`decoded`), a column or a batch at a time where it can.
# A column is encoded when its distinct values are at most this share of its rows: the unique
# ids and the quotes (mostly distinct) would only grow by the codes.
ENCODE_SHARE = 0.5


def encode_repeated(table: pa.Table) -> pa.Table:
    """`table` with each string column whose values repeat (`ENCODE_SHARE`) dictionary-encoded,
    one column at a time (the plain column is released, when the caller holds no other
    reference, as its encoded form is made). The same values; `decoded` gives the table back."""
    columns, fields = table.columns, list(table.schema)
    del table
    for i, field in enumerate(fields):
        if not pa.types.is_string(field.type) or not len(columns[i]):
            continue
        encoded = columns[i].dictionary_encode()
        distinct = max((len(chunk.dictionary) for chunk in encoded.chunks), default=0)
        if distinct <= ENCODE_SHARE * len(columns[i]):
            columns[i] = encoded.unify_dictionaries() if encoded.num_chunks > 1 else encoded
            fields[i] = field.with_type(columns[i].type)
        del encoded
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def plain_type(arrow_type: pa.DataType) -> pa.DataType:
    """The type of the values: a dictionary's value type, else the type itself."""
    return arrow_type.value_type if pa.types.is_dictionary(arrow_type) else arrow_type


def decoded(data, columns: list[str] | None = None):
    """A table (only `columns`, if given), array or chunked array with every dictionary-encoded
    column as plain values (`encode_repeated`'s inverse); other columns are the same buffers,
    not copies, so a table without encoded columns costs nothing."""
    if isinstance(data, pa.Table):
        table = data if columns is None else data.select(columns)
        if not any(pa.types.is_dictionary(f.type) for f in table.schema):
            return table
        fields = [f.with_type(plain_type(f.type)) for f in table.schema]
        schema = pa.schema(fields, metadata=table.schema.metadata)
        return pa.Table.from_arrays([decoded(c) for c in table.columns], schema=schema)
    if pa.types.is_dictionary(data.type):
        return data.cast(data.type.value_type)
    return data


def take_each(columns: list[pa.ChunkedArray], indices: pa.Array) -> list[pa.ChunkedArray]:
    """`Table.take(indices)` a column at a time, emptying `columns` as it goes: each unsorted
    column is released (when the caller holds no other reference) once its sorted copy is made,
    so that a table is held about once, not twice (at 20,000 documents the claims are ~150 MiB
    of Arrow, and their sorted and unsorted copies together set the publish stage's peak)."""
    taken = []
    for i in range(len(columns)):
        taken.append(columns[i].take(indices))
        columns[i] = None
    return taken


def parquet_bytes(table: pa.Table) -> bytes:
    table = decoded(table)  # the Arrow schema stored in the file names the plain types
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=max(1, table.num_rows), **PARQUET_OPTIONS)
    return sink.getvalue()


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with the dtypes the pandera models expect (Int64 where ints can be null);
    dictionary-encoded columns as their values (not categoricals)."""
    table = decoded(table)
    df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for field in table.schema:
        if (
            pa.types.is_integer(field.type)
            and not field.nullable
            and not df[field.name].isna().any()
        ):
            df[field.name] = df[field.name].astype("int64")
    return df


def read_parquet(path: Path) -> pa.Table:
    return pq.read_table(path)


def format_float(value: float) -> str:
    return np.format_float_positional(value, unique=True, trim="-")


def escape_text(value: str) -> str:
    return "'" + value if value.startswith(CSV_ESCAPE_FIRST) else value


def unescape_text(value: str) -> str:
    """Inverse of `escape_text`, for readers of the CSV files."""
    return value[1:] if value.startswith("'") else value


def _quote(cell: str) -> str:
    if cell == "" or any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _render_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string":
        return _quote(escape_text(value))
    if kind == "number":
        return format_float(value)
    if kind == "boolean":
        return "true" if value else "false"
    return str(int(value))


def _render_column(values: list, kind: str) -> list[str]:
    """`_render_cell` of every value of one column, without a call per cell: the reference the
    Arrow rendering below (`_render_array`) is tested against."""
    if kind == "string":
        return ["" if v is None else _quote(escape_text(v)) for v in values]
    if kind == "number":
        return ["" if v is None else format_float(v) for v in values]
    if kind == "boolean":
        return ["" if v is None else "true" if v else "false" for v in values]
    return ["" if v is None else str(int(v)) for v in values]


def python_batches(table: pa.Table, batch_rows: int = ROW_BATCH) -> Iterator[list[list]]:
    """The table's columns as lists of Python values, at most `batch_rows` rows at a time."""
    for batch in table.to_batches(max_chunksize=batch_rows):
        if batch.num_rows:
            yield [decoded(column).to_pylist() for column in batch.columns]


# The characters _quote quotes for, as an RE2 pattern for Arrow's compute functions; and any
# cell that escape_text or _quote would change (most cells: none).
_QUOTE_PATTERN = r'[,"\n\r]'
_RE2_IN_CLASS = {"\t": r"\t", "\r": r"\r", "-": r"\-", "\\": r"\\", "]": r"\]", "^": r"\^"}
_CHANGED_PATTERN = (
    "^$|^[" + "".join(_RE2_IN_CLASS.get(c, c) for c in CSV_ESCAPE_FIRST) + "]|" + _QUOTE_PATTERN
)


def _render_array(values: pa.Array, kind: str) -> pa.Array:
    """The CSV cells of one column (no nulls: a null is the empty cell), computed by Arrow rather
    than a Python call per cell (at 10,000 documents the CSV files are 10 million cells). Strings,
    integers and booleans are rendered in Arrow; floats by `format_float`, which Arrow's
    float-to-text cast does not match (it writes exponents and `.0`)."""
    if kind == "string" and not pc.any(pc.match_substring_regex(values, _CHANGED_PATTERN)).as_py():
        cells = values
    elif kind == "string":
        escape = pc.starts_with(values, CSV_ESCAPE_FIRST[0])
        for first in CSV_ESCAPE_FIRST[1:]:
            escape = pc.or_(escape, pc.starts_with(values, first))
        escaped = pc.if_else(
            escape,
            pc.binary_join_element_wise("'", values, ""),
            values,
        )
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(escaped, '"', '""'), '"', "")
        needs = pc.or_(pc.equal(escaped, ""), pc.match_substring_regex(escaped, _QUOTE_PATTERN))
        cells = pc.if_else(needs, quoted, escaped)
    elif kind == "number":  # each distinct value formatted once
        distinct = values.dictionary_encode()
        words = pa.array(_render_column(distinct.dictionary.to_pylist(), kind), pa.string())
        cells = words.take(distinct.indices)
    elif kind == "boolean":
        cells = pc.if_else(values, "true", "false")
    else:
        cells = pc.cast(values, pa.string())
    return pc.fill_null(cells, "")


def _text_bytes(lines: pa.Array) -> bytes:
    """The concatenation of a string array without nulls, straight from its data buffer."""
    lines = lines.cast(pa.large_string()) if lines.type != pa.large_string() else lines
    _, offsets, data = lines.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    return data.slice(ends[0], ends[-1] - ends[0]).to_pybytes() if len(lines) else b""


def csv_chunks(table: pa.Table, batch_rows: int = ROW_BATCH) -> Iterator[bytes]:
    """The CSV rendering of an Arrow table (as written by `to_arrow`), in pieces: the header
    line, then the lines of at most `batch_rows` rows at a time, so that only one batch of rows
    is ever held as text."""
    kinds = [_kind_of(plain_type(f.type)) for f in table.schema]
    yield (",".join(_quote(name) for name in table.schema.names) + "\n").encode("utf-8")
    for batch in table.to_batches(max_chunksize=batch_rows):
        if not batch.num_rows:
            continue
        cells = [_render_array(decoded(c), k) for c, k in zip(batch.columns, kinds, strict=True)]
        rows = pc.binary_join_element_wise(*cells, ",")
        yield _text_bytes(pc.binary_join_element_wise(rows, "", "\n"))


def csv_bytes(table: pa.Table) -> bytes:
    """The CSV rendering of an Arrow table (as written by `to_arrow`)."""
    out = io.BytesIO()
    for chunk in csv_chunks(table):
        out.write(chunk)
    return out.getvalue()


def write_csv(path: Path, table: pa.Table) -> None:
    """Write the CSV rendering of `table` to `path` batch by batch (never whole in memory), and
    fsync it: the same bytes as `write_file(path, csv_bytes(table))`."""
    write_file(path, csv_chunks(table))


def csv_matches(path: Path, table: pa.Table) -> bool:
    """Whether the file at `path` holds exactly `csv_bytes(table)`, compared batch by batch
    (neither is ever whole in memory)."""
    with open(path, "rb") as fh:
        for chunk in csv_chunks(table):
            if fh.read(len(chunk)) != chunk:
                return False
        return fh.read(1) == b""


def _kind_of(arrow_type: pa.DataType) -> str:
    for kind, typ in ARROW_TYPES.items():
        if arrow_type == typ:
            return kind
    raise ContractError(f"no CSV rendering for Arrow type {arrow_type}")


def write_file(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write (bytes, or pieces of them in order) and fsync: a release is renamed into place only
    once its bytes are on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        for chunk in (data,) if isinstance(data, bytes) else data:
            fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
