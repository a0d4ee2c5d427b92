"""Note calls that lost their superscript when a PDF's text was pasted into an article.

A PDF copies "…after the protests.¹¹ Then…" as "…after the protests.11 Then…", and
"…in 2020.¹² The…" as "…in 2020.12 The…". `bare_calls` finds such numbers that match
the notes being pasted, `with_calls` turns the chosen ones into `[^11]`. Numbers are
only offered in the order the notes run (each note's first call comes after the one
before), which leaves out the "G20" or "3.5 per cent" that happen to sit between them.
"""

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass

# A number right after a word or a closing punctuation mark, not inside a longer number,
# an address or a call that is already marked up.
CANDIDATE_RE = re.compile(r"(?<=[^\W\d_]|[.,;:!?)”’\"»])(?P<n>\d{1,3})(?![\d\]])(?=[\s,;:.)]|$)")
URL_OR_CALL_RE = re.compile(r"\S*(?:https?://|www\.|\[\^)\S*")
CONTEXT = 40


@dataclass
class BareCall:
    start: int
    end: int
    number: int
    before: str  # the text leading up to the number, for the preview
    after: str

    @property
    def key(self):
        """What the confirmation form sends back for this change."""
        return f"{self.start}:{self.number}"


def body_digest(body):
    """Ties a preview to the text it was made from: a changed body is previewed again."""
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def _plausible(body, match):
    """After a decimal point only a new sentence may follow: "2020.12 The", not "3.5 per"."""
    start = match.start()
    if start >= 2 and body[start - 1] == "." and body[start - 2].isdigit():
        rest = body[match.end() :]
        return (
            not rest.strip()
            or bool(re.match(r"\s+[\"“‘«(]?[^\W\d_]", rest))
            and (rest.lstrip(' "“‘«(')[:1].isupper())
        )
    return True


def _longest_run(candidates):
    """The longest run of candidates whose numbers rise in the order of the text."""
    tails, tail_index, previous = [], [], [None] * len(candidates)
    for i, candidate in enumerate(candidates):
        position = bisect_left(tails, candidate.number)
        if position:
            previous[i] = tail_index[position - 1]
        if position == len(tails):
            tails.append(candidate.number)
            tail_index.append(i)
        else:
            tails[position], tail_index[position] = candidate.number, i
    run, i = [], tail_index[-1] if tail_index else None
    while i is not None:
        run.append(candidates[i])
        i = previous[i]
    return run[::-1]


def bare_calls(body, numbers):
    """Numbers in `body` that look like the calls of notes `numbers` lost in a paste."""
    wanted = set(numbers) - {int(label) for label in re.findall(r"\[\^(\d+)\]", body)}
    hidden = [m.span() for m in URL_OR_CALL_RE.finditer(body)]
    candidates = []
    for match in CANDIDATE_RE.finditer(body):
        number = int(match["n"])
        if number not in wanted or any(a <= match.start() < b for a, b in hidden):
            continue
        if not _plausible(body, match):
            continue
        candidates.append(
            BareCall(
                match.start(),
                match.end(),
                number,
                body[max(0, match.start() - CONTEXT) : match.start()],
                body[match.end() : match.end() + CONTEXT],
            )
        )
    run = _longest_run(candidates)
    # A note is called once in a PDF's numbering: keep each number's first place.
    seen, calls = set(), []
    for call in run:
        if call.number not in seen:
            seen.add(call.number)
            calls.append(call)
    return calls


def with_calls(body, calls):
    """`body` with each of `calls` turned into a Markdown call, `[^11]`."""
    for call in sorted(calls, key=lambda c: c.start, reverse=True):
        body = f"{body[: call.start]}[^{call.number}]{body[call.end :]}"
    return body
