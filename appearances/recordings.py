"""Privacy-first players for recordings: which addresses may be framed, and how.

The rule lives in `archive.embeds`, which Markdown texts (imported posts' videos)
use too; appearances keep this name for it."""

from archive.embeds import embed_url

__all__ = ["embed_url"]
