"""How well the intro reader reads: its stored suggestions against hand labels.

The labels (one entry per article slug: outlet names, original addresses, co-authors,
appearance mentions) say what the intros really hold; `score` counts each label
suggested correctly, the labels missed, and the suggestions that match no label
(wrong). `manage.py score_intros LABELS` prints the figures."""

import re
from dataclasses import dataclass, field

from .models import Suggestion


def norm(name):
    name = re.sub(r"\s*\([A-Z]{2,}\)$", "", name or "")
    return re.sub(r"[’'.]", "", name.casefold().removeprefix("the ")).strip()


def _appearance_matches(label, s):
    if s.appearance_kind != label["kind"] or norm(s.outlet_name) not in map(norm, label["outlet"]):
        return False
    if norm(s.programme) != norm(label.get("programme", "")):
        return False
    date = s.date.isoformat() if s.date else None
    if date != label.get("date") or (s.recording or None) != label.get("recording"):
        return False
    if label.get("time") and (not s.time or s.time.strftime("%H:%M") != label["time"]):
        return False
    return s.timezone == label.get("zone", "")


def _matches(kind, label, s):
    if kind == "outlet":
        return norm(s.outlet_name) in map(norm, label)
    if kind == "original_url":
        return s.url == label
    if kind == "coauthor":
        return norm(s.person_name) == norm(label)
    return _appearance_matches(label, s)


@dataclass
class Score:
    labels: dict = field(default_factory=dict)  # kind -> how many the intros hold
    correct: dict = field(default_factory=dict)
    wrong: list = field(default_factory=list)  # suggestions matching no label
    missed: list = field(default_factory=list)  # (slug, kind, label)

    def line(self):
        m, n = sum(self.labels.values()), sum(self.correct.values())
        parts = ", ".join(f"{self.correct[k]} of {self.labels[k]} {k}" for k in self.labels)
        return f"{n} of {m} correct, {len(self.wrong)} wrong ({parts})."


def score(labels):
    result = Score()
    for kind in ("outlet", "original_url", "coauthor", "appearance"):
        result.labels[kind] = result.correct[kind] = 0
    for slug, held in labels.items():
        if slug.startswith("_"):
            continue
        wanted = [("outlet", held["outlet"])]
        wanted += [("original_url", url) for url in held["urls"]]
        wanted += [("coauthor", name) for name in held["coauthors"]]
        wanted += [("appearance", a) for a in held["appearances"]]
        left = list(Suggestion.objects.filter(article__slug=slug).order_by("pk"))
        for kind, label in wanted:
            result.labels[kind] += 1
            hit = next((s for s in left if s.kind == kind and _matches(kind, label, s)), None)
            if hit:
                result.correct[kind] += 1
                left.remove(hit)
            else:
                result.missed.append((slug, kind, label))
        result.wrong += left
    return result
