"""Demo notes: the 63 endnotes of "Beijing Binds", entered as the author would paste them.

The sample keeps each note as the paper printed it; here they are joined
back into the block a PDF copy gives (numbers run into the text, notes 3 and
4 on one line) and fed through the same parser and importer as the admin's
paste page. Replacing the paper's notes each time keeps a second load from
adding anything.
"""

from archive import demo
from archive.models import Article

from .importing import save_notes
from .models import Source
from .parsing import split_endnotes


def endnote_block(notes):
    """The notes as one pasted block, the way a PDF's endnotes copy out."""
    block = "\n".join(f"{note['number']}{note['text']}" for note in notes)
    # In the printed paper note 4 follows note 3 on the same line.
    return block.replace("March 18, 2020.\n4“", "March 18, 2020. 4“", 1)


@demo.register(order=10)
def load_notes(data, stdout):
    endnotes = data["endnotes"]
    article = Article.objects.get(slug=demo.article_slug(endnotes["article"]))
    result = split_endnotes(endnote_block(endnotes["notes"]))
    saved = save_notes(article, result.notes, replace=True)
    partial = [note.number for note in result.notes if note.problems]
    stdout.write(
        f"Citations: {len(saved)} notes on “{article.title}”, "
        f"{Source.objects.filter(citations__footnote__article=article).distinct().count()} "
        f"distinct sources; not read completely: notes {', '.join(map(str, partial)) or 'none'}."
    )
