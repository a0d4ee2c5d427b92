"""The import report: what was read, what will be (or was) created, what is skipped and
why, and the choices for tags and categories. The command prints it; the admin shows it."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ItemLine:
    """One item of the export and what the import does with it."""

    kind: str  # post, page, attachment, or WordPress's own post type
    title: str
    action: str  # "create", "exists", "duplicate", "skip"
    reason: str = ""
    status: str = ""  # what it becomes here: published, scheduled, draft
    old_url: str = ""
    notes: int = 0
    images: int = 0
    embeds: int = 0
    comments: int = 0
    line: int = 0


@dataclass
class TermLine:
    domain: str
    slug: str
    name: str
    posts: int
    choice: str  # "country:GB", "theme:slug", "new-theme", "nothing"
    described: str
    why: str
    remembered: bool = False

    @property
    def key(self):
        return f"{self.domain}:{self.slug}"

    @property
    def label(self):
        return {"category": "category", "post_tag": "tag"}.get(self.domain, self.domain)


@dataclass
class Report:
    file: str
    dry_run: bool
    site_title: str = ""
    site_url: str = ""
    wxr_version: str = ""
    zone: str = ""
    zone_how: str = ""
    items: list = field(default_factory=list)  # [ItemLine]
    terms: list = field(default_factory=list)  # [TermLine]
    read: Counter = field(default_factory=Counter)  # what the file holds
    created: Counter = field(default_factory=Counter)  # what the import creates
    notes: list = field(default_factory=list)  # remarks for the author
    applied: bool = False

    def note(self, text):
        self.notes.append(text)

    def count(self, label, n=1):
        self.created[label] += n

    @property
    def to_create(self):
        return [line for line in self.items if line.action == "create"]

    @property
    def skipped(self):
        return [line for line in self.items if line.action != "create"]

    @property
    def nothing_new(self):
        return not self.to_create and self.read["item"] > 0

    def summary(self):
        verb = "Would create" if self.dry_run else "Created"
        created = ", ".join(f"{n} {label}" for label, n in sorted(self.created.items()) if n)
        already = sum(1 for line in self.items if line.action == "exists")
        lines = [
            f"{self.file}: WordPress export {self.wxr_version} of “{self.site_title}” "
            f"({self.site_url}).",
            "Read: " + ", ".join(f"{n} {label}" for label, n in sorted(self.read.items())) + ".",
            f"The blog's time zone: {self.zone} ({self.zone_how}).",
            f"{verb}: {created or 'nothing'}.",
        ]
        if already:
            lines.append(
                f"{already} item{'s' if already != 1 else ''} already imported "
                "earlier: nothing added for them."
            )
        if self.nothing_new:
            lines.append("Nothing new in this export: it was imported before.")
        return lines

    def as_text(self):
        """The whole report as plain text, for the command."""
        out = self.summary()
        if self.to_create:
            out.append("")
            out.append("To create:" if self.dry_run else "Created:")
            for line in self.to_create:
                extras = [
                    f"{n} {word}"
                    for n, word in (
                        (line.notes, "notes"),
                        (line.images, "images"),
                        (line.embeds, "videos"),
                        (line.comments, "comments"),
                    )
                    if n
                ]
                extra = f" [{', '.join(extras)}]" if extras else ""
                why = f" — {line.reason}" if line.reason else ""
                out.append(f"  {line.kind} “{line.title}” → {line.status}{extra}{why}")
        skipped = [line for line in self.skipped if line.action != "exists"]
        if skipped:
            out.append("")
            out.append("Skipped:")
            for line in skipped:
                out.append(f"  {line.kind} “{line.title}” (line {line.line}): {line.reason}")
        if self.terms:
            out.append("")
            out.append("Tags and categories:")
            for term in self.terms:
                mark = " (your earlier choice)" if term.remembered else f" ({term.why})"
                out.append(
                    f"  {term.label} “{term.name}” [{term.key}], {term.posts} posts → "
                    f"{term.described}{mark}"
                )
        if self.notes:
            out.append("")
            out.extend(f"Note: {text}" for text in self.notes)
        return "\n".join(out)
