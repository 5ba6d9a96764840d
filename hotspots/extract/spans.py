"""EntitySpan: an entity found in the text and the span that names it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hotspots.extract.mentions import Mention


@dataclass(frozen=True)
class EntitySpan:
    """An entity found in the text: its id and the span that names it. The one shape every rule
    and helper passes around for "this entity, here"."""

    entity_id: str
    start: int
    end: int
    via: str = "mention"  # "mention", "demonym", "heading" or the reference phrase that led to it

    @classmethod
    def of(cls, mention: Mention, entity_id: str) -> EntitySpan:
        return cls(entity_id, mention.start, mention.end)

    def seen_as(self, via: str) -> EntitySpan:
        """The same entity and span, reached through `via` (a reference phrase, a heading)."""
        return replace(self, via=via)
