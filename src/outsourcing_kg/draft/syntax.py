"""The dependency parse as the figure stages read it: the verb that governs a figure, that verb's grammatical
subject, the possessor of the noun a figure measures ("le chiffre d'affaires d'Intelcia", "son effectif"), and the
verb's tense and mood."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .model import Token
from .text import Span

#: Relations whose dependents are clauses of their own: their words are not the governing clause's.
_SUBCLAUSES = ("ccomp", "advcl", "acl:relcl", "parataxis", "conj", "csubj")
_SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")
_RELATIVE = ("qui", "lequel", "laquelle", "lesquels", "lesquelles")
_VERBS = ("VERB", "AUX")


class Parse:
    """An article's tokens with lookups by character offset and by head; empty when the pipeline has no parser."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tuple(tokens)
        self.starts = tuple(t.start for t in self.tokens)
        children: list[list[int]] = [[] for _ in self.tokens]
        for i, t in enumerate(self.tokens):
            if t.head != i:
                children[t.head].append(i)
        self.children = tuple(tuple(c) for c in children)

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def token_at(self, pos: int) -> int | None:
        """The index of the token holding text position `pos`."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.tokens[i].start <= pos < self.tokens[i].end else None

    def head_of_span(self, start: int, end: int) -> int | None:
        """The token of text[start:end] whose head lies outside it (the span's syntactic head)."""
        first = bisect.bisect_left(self.starts, start)
        inside = [i for i in range(first, len(self.tokens)) if self.tokens[i].start < end]
        for i in inside:
            h = self.tokens[i].head
            if h == i or not start <= self.tokens[h].start < end:
                return i
        return None

    def path_up(self, i: int) -> list[int]:
        """`i` and its heads up to the root, nearest first."""
        out = [i]
        while self.tokens[out[-1]].head != out[-1] and len(out) < 40:
            out.append(self.tokens[out[-1]].head)
        return out

    def governor(self, i: int) -> int | None:
        """The verb nearest above token `i` (its own clause's verb), or `i` itself when it is the predicate of a
        copula; None when there is none."""
        for k, j in enumerate(self.path_up(i)):
            t = self.tokens[j]
            # The token itself governs when it is a predicate ("Le Maroc est deuxième": a copula and a subject).
            if k == 0 and not any(self.tokens[c].dep in ("cop", *_SUBJECTS) for c in self.children[j]):
                continue
            if t.pos in _VERBS or t.head == j or any(self.tokens[c].dep in ("cop", *_SUBJECTS) for c in self.children[j]):
                return j
        return None

    def subtree(self, i: int, skip_clauses: bool = False) -> Span:
        """The character span of token `i` and its dependents (without dependent clauses when `skip_clauses`)."""
        lo, hi = self.tokens[i].start, self.tokens[i].end
        stack = [i]
        while stack:
            j = stack.pop()
            t = self.tokens[j]
            lo, hi = min(lo, t.start), max(hi, t.end)
            stack += [c for c in self.children[j] if not (skip_clauses and self.tokens[c].dep in _SUBCLAUSES)]
        return lo, hi

    def subject(self, verb: int) -> int | None:
        """The grammatical subject of `verb`, else of the verb it is chained to (an infinitive, a participle, a
        coordinated verb, an auxiliary's main verb), else None."""
        for j in self.path_up(verb)[:6]:
            t = self.tokens[j]
            found = next((c for c in self.children[j] if self.tokens[c].dep in _SUBJECTS), None)
            if found is not None:
                return found
            if t.dep not in ("xcomp", "conj", "aux", "aux:pass", "cop") and not (t.dep.startswith("acl") or t.dep == "advcl"):
                return None
            if t.dep.startswith("acl"):
                return t.head  # "une entreprise comptant 200 salariés": the noun the participle qualifies
        return None

    def antecedent(self, pronoun: int) -> int | None:
        """The noun a relative pronoun subject stands for ("le Sénégal, qui gagne trois places": Sénégal), else None."""
        t = self.tokens[pronoun]
        verb = self.tokens[t.head]
        if t.lemma in _RELATIVE and verb.dep == "acl:relcl":
            return verb.head
        return None

    def possessors(self, noun: int) -> list[int]:
        """Dependents of `noun` that name its possessor: "de X" (an nmod introduced by "de") and "son/sa/ses"."""
        out = []
        for c in self.children[noun]:
            t = self.tokens[c]
            if t.lemma in ("son", "leur") and t.dep.startswith("det"):
                out.append(c)
            elif t.dep == "nmod" and any(self.tokens[k].dep == "case" and self.tokens[k].lemma == "de" for k in self.children[c]):
                out.append(c)
        return out

    def mood(self, verb: int) -> str | None:
        """ "Fut" for a future, "Cnd" for a conditional, else the verb's tense ("Pres", "Past", "Imp") or None; an
        infinitive takes the mood of the verb that governs it ("va créer", "devrait atteindre", "prévoit de créer")."""
        for j in self.path_up(verb)[:4]:
            t = self.tokens[j]
            auxiliaries = [self.tokens[c] for c in self.children[j] if self.tokens[c].dep.startswith("aux")]
            for a in [t, *auxiliaries]:
                if a.mood == "Cnd":
                    return "Cnd"
                if a.tense == "Fut":
                    return "Fut"
            if t.verb_form != "Inf":
                return t.tense
        return None
