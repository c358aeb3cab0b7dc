"""The vocabulary rules, applied to nodes and values whatever path found them.

Both walkers -- the direct one for plain schema.org documents (``vocab_walk``) and the one
over pyld's expanded form (``vocab_expand``) -- call the same :class:`Checker` methods, so
the two paths cannot disagree about what is a problem; only about where they look.

The value rules follow schema.org's data model: a plain text value where an entity is
expected is acceptable (a warning, ``vocab.text-for-entity``); a value of the wrong kind
(a number for a Person, a Person for a Date) is an error (``vocab.range-mismatch``); a
``Role`` node may stand in for any entity and repeats the property it qualifies.
"""

from __future__ import annotations

import math
import re

from . import vocab_literals as literals
from .report import Problem, Severity
from .vocabulary import Vocabulary, local_name

__all__ = ["Checker", "Range"]

_TEXT_DATES = frozenset({"Date", "DateTime", "Time"})
_BOOLEAN_TEXT = frozenset({"true", "false"})
_BOOLEANS = frozenset({"True", "False"})
_ANNOTATION = re.compile(r"(?P<property>[A-Za-z][A-Za-z0-9]*)-(?:input|output)\Z")
"""Action annotations (https://schema.org/docs/actions.html): ``query-input``, ``target-output``."""
_ANNOTATION_RANGE = ("PropertyValueSpecification", "Text")


def _never(text: str) -> bool:
    return False


_QUANTITY_READERS = {
    "Duration": literals.is_duration,
    "Distance": literals.is_measure,
    "Energy": literals.is_measure,
    "Mass": literals.is_measure,
}
"""Quantities schema.org writes as text, and how to read each."""
_MAX_LISTED = 4
_CACHE_LIMIT = 50_000
"""Verdicts cached per vocabulary, at most: a bulk run of junk terms must not grow memory."""


def _quote(name: str) -> str:
    return f"'{name}'"


def _names(names: tuple[str, ...] | list[str], joiner: str = "or") -> str:
    shown = [_quote(n) for n in sorted(names)[:_MAX_LISTED]]
    if len(names) > _MAX_LISTED:
        shown.append(f"{len(names) - _MAX_LISTED} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + f" {joiner} " + shown[-1]


def _did_you_mean(suggestions: list[str]) -> str:
    return f"; did you mean {_names(suggestions)}?" if suggestions else ""


class Range:
    """What a property's ``rangeIncludes`` accepts, precomputed once per property.

    ``text`` means any text is accepted as it is (``Text`` or one of its kinds other than
    ``URL``); the other fields say which literal forms can be read (``dates`` holds the allowed
    ``Date``/``DateTime``/``Time``), ``entities`` the classes, ``quantities`` those of them that
    schema.org also writes as text (``Duration``, ``Distance``, ``Energy``, ``Mass``).
    """

    __slots__ = ("boolean", "classes", "dates", "entities", "integer_only", "number", "quantities", "text", "url")

    def __init__(self, vocabulary: Vocabulary, classes: tuple[str, ...]) -> None:
        self.classes = classes
        datatypes = [c for c in classes if vocabulary.is_datatype(c) and not vocabulary.is_subclass(c, "Quantity")]
        self.entities = tuple(c for c in classes if c not in datatypes)
        self.quantities = tuple(
            c for c in self.entities if vocabulary.is_subclass(c, "Quantity") or c == "QuantitativeValue"
        )
        self.url = any(vocabulary.is_subclass(c, "URL") for c in datatypes)
        self.text = any(vocabulary.is_subclass(c, "Text") and not vocabulary.is_subclass(c, "URL") for c in datatypes)
        self.dates = frozenset(c for c in datatypes if c in _TEXT_DATES)
        numbers = [c for c in datatypes if vocabulary.is_subclass(c, "Number")]
        self.number = bool(numbers)
        self.integer_only = bool(numbers) and all(vocabulary.is_subclass(c, "Integer") for c in numbers)
        self.boolean = "Boolean" in datatypes


_Verdict = tuple[tuple[str, Severity, str], ...]
"""The problems a term causes wherever it appears, without the pointer: (rule, severity, message)."""


class Checker:
    """Collects the problems of one document; one instance per document.

    What a term means (known? superseded? allowed on these types? what range?) does not
    depend on the document, so those verdicts are cached on the vocabulary and shared by
    every document checked with it.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        cache = vocabulary.cache
        self._ranges: dict[str, Range | None] = cache.setdefault("ranges", {})
        self._types: dict[str, tuple[bool, _Verdict]] = cache.setdefault("types", {})
        self._properties: dict[tuple[str, tuple[str, ...] | None, bool], tuple[bool, _Verdict]] = cache.setdefault(
            "properties", {}
        )
        self._node_verdicts: dict[tuple[str, tuple[str, ...]], _Verdict] = cache.setdefault("nodes", {})
        self._single_types: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None, _Verdict]] = cache.setdefault(
            "single types", {}
        )
        self._lookups: dict[tuple[str, tuple[str, ...] | None, bool], tuple[Range | None, _Verdict]] = cache.setdefault(
            "lookups", {}
        )

    # -- reporting -------------------------------------------------------------------------

    def _error(self, rule: str, message: str, pointer: str) -> None:
        self.problems.append(Problem(rule, Severity.ERROR, message, pointer))

    def _warning(self, rule: str, message: str, pointer: str) -> None:
        self.problems.append(Problem(rule, Severity.WARNING, message, pointer))

    def _report(self, verdict: _Verdict, pointer: str) -> None:
        for rule, severity, message in verdict:
            self.problems.append(Problem(rule, severity, message, pointer))

    def foreign_term(self, kind: str, iri: str, pointer: str) -> None:
        """A type or property outside schema.org: reported once, not checked further."""
        if ":" in iri:
            message = f"{kind} {iri!r} is not a schema.org term, so it is not checked"
        else:
            message = (
                f"{kind} {iri!r} is not an IRI: no @context maps it to schema.org "
                '(expected "@context": "https://schema.org")'
            )
        self._warning("vocab.not-schema-org", message, pointer)

    def dropped_term(self, key: str, pointer: str) -> None:
        """A key that JSON-LD processing ignores because no ``@context`` maps it to an IRI."""
        self._warning(
            "jsonld.dropped-term",
            f"key {key!r} is not defined by any @context, so JSON-LD processors ignore it and its value",
            pointer,
        )

    # -- types and properties ----------------------------------------------------------------

    def node_types(self, names: list[tuple[str, str]]) -> tuple[tuple[str, ...], bool]:
        """Check schema.org type names (with their pointers).

        Returns the known classes and whether every schema.org type was known (the domain
        check only runs when it was, so a typo is not reported twice).
        """
        known: list[str] = []
        complete = True
        for name, pointer in names:
            verdict = self._types.get(name)
            if verdict is None:
                verdict = self._type_verdict(name)
                if len(self._types) < _CACHE_LIMIT:
                    self._types[name] = verdict
            is_class, problems = verdict
            if is_class:
                known.append(name)
            else:
                complete = False
            if problems:
                self._report(problems, pointer)
        return tuple(known), complete

    def _type_verdict(self, name: str) -> tuple[bool, _Verdict]:
        vocabulary = self.vocabulary
        if vocabulary.is_class(name):
            return True, self._superseded(name, "type")
        if vocabulary.is_property(name):
            hint = f"; {_quote(name)} is a property, not a type"
        elif name in vocabulary.members:
            hint = f"; {_quote(name)} is a value of {_names(vocabulary.members[name])}, not a type"
        else:
            hint = _did_you_mean(vocabulary.suggest(name, "class"))
        return False, (("vocab.unknown-type", Severity.ERROR, f"unknown schema.org type {_quote(name)}{hint}"),)

    def property(self, name: str, pointer: str, subject: tuple[str, ...] | None, via: str | None) -> bool:
        """Check a schema.org property name on a node whose known classes are ``subject``.

        ``subject`` is ``None`` when the node's types are missing or not all known;
        ``via`` is the property that led to the node (a Role node repeats it).
        Returns whether the property is known, so its values can be range-checked.
        """
        key = (name, subject, name == via)
        verdict = self._properties.get(key)
        if verdict is None:
            verdict = self._property_verdict(*key)
            if len(self._properties) < _CACHE_LIMIT:
                self._properties[key] = verdict
        if verdict[1]:
            self._report(verdict[1], pointer)
        return verdict[0]

    def property_lookup(
        self, name: str, subject: tuple[str, ...] | None, via: str | None
    ) -> tuple[Range | None, _Verdict]:
        """The fast path's :meth:`property`: what the values must fit, and the problems to report.

        The range is ``None`` for an unknown property or one without a declared range. The
        caller reports the problems (with :meth:`report`) only when there are any, so no
        pointer is built for the common case of a property with none.
        """
        key = (name, subject, name == via)
        found = self._lookups.get(key)
        if found is None:
            known, verdict = self._property_verdict(*key)
            found = (self._range(name) if known else None, verdict)
            if len(self._lookups) < _CACHE_LIMIT:
                self._lookups[key] = found
        return found

    def report(self, verdict: _Verdict, pointer: str) -> None:
        """Report the problems of a verdict at ``pointer``."""
        self._report(verdict, pointer)

    def _property_verdict(self, name: str, subject: tuple[str, ...] | None, repeated: bool) -> tuple[bool, _Verdict]:
        vocabulary = self.vocabulary
        annotation = _ANNOTATION.match(name)
        if annotation is not None and vocabulary.is_property(annotation.group("property")):
            return True, ()  # an Action annotation: allowed wherever the action's property is
        if not vocabulary.is_property(name):
            if vocabulary.is_class(name):
                hint = f'; {_quote(name)} is a type, not a property (use it as "@type")'
            else:
                hint = _did_you_mean(vocabulary.suggest(name, "property"))
            return False, (
                ("vocab.unknown-property", Severity.ERROR, f"unknown schema.org property {_quote(name)}{hint}"),
            )
        problems = self._superseded(name, "property")
        if subject and not repeated and not vocabulary.allowed_on(name, subject):
            message = (
                f"property {_quote(name)} is not expected on {_names(subject, 'and')}; "
                f"schema.org defines it on {_names(vocabulary.domains[name])} (or a subtype)"
            )
            problems += (("vocab.property-not-on-type", Severity.ERROR, message),)
        return True, problems

    def _superseded(self, name: str, kind: str) -> _Verdict:
        replacements = self.vocabulary.superseded_by.get(name)
        if not replacements:
            return ()
        message = f"{kind} {_quote(name)} is superseded; use {_names(replacements)} instead"
        return (("vocab.superseded", Severity.WARNING, message),)

    # -- values ------------------------------------------------------------------------------

    def range_of(self, prop: str) -> Range | None:
        """What ``prop`` accepts, or ``None`` when its range is not declared (nothing to check)."""
        return self._range(prop)

    def _range(self, prop: str) -> Range | None:
        try:
            return self._ranges[prop]
        except KeyError:
            classes = self.vocabulary.ranges.get(prop, ())
            if not classes and _ANNOTATION.match(prop) and prop not in self.vocabulary.ranges:
                classes = _ANNOTATION_RANGE
            cached = Range(self.vocabulary, classes) if classes else None
            if len(self._ranges) < _CACHE_LIMIT:
                self._ranges[prop] = cached
            return cached

    @staticmethod
    def _mismatch_problem(prop: str, expected: Range, found: str) -> tuple[str, Severity, str]:
        return (
            "vocab.range-mismatch",
            Severity.ERROR,
            f"property {_quote(prop)} expects {_names(expected.classes)}; found {found}",
        )

    def _mismatch(self, prop: str, expected: Range, found: str, pointer: str) -> None:
        self._error(
            "vocab.range-mismatch",
            f"property {_quote(prop)} expects {_names(expected.classes)}; found {found}",
            pointer,
        )

    def _member_superseded(self, member: str, pointer: str) -> None:
        replacements = self.vocabulary.superseded_by.get(member)
        if replacements:
            self._warning(
                "vocab.superseded",
                f"value {_quote(member)} is superseded; use {_names(replacements)} instead",
                pointer,
            )

    def _names_member(self, text: str, expected: Range) -> bool:
        member = local_name(text) or text
        return member in self.vocabulary.members and self.vocabulary.member_fits(member, expected.entities)

    def string(self, prop: str, text: str, pointer: str) -> None:
        """A plain (or language-tagged, or unknown-datatype) string value."""
        expected = self._range(prop)
        if expected is None or expected.text:
            return
        self._literal(prop, expected, text, f"text {_short(text)}", f"the text {_short(text)}", pointer)

    def _literal(self, prop: str, expected: Range, text: str, found: str, kind: str, pointer: str) -> None:
        """Judge ``text`` (a string, or a number as written) against every form the range allows.

        Accepted silently when it reads as an allowed data type, an enumeration member or a
        quantity's text form; a warning when it reads only approximately (a date and time
        where a date is expected) or stands for an entity; an error when nothing fits.
        """
        if expected.entities and self._names_member(text, expected):
            self._member_superseded(local_name(text) or text, pointer)
            return
        if expected.number and (literals.is_integer(text) if expected.integer_only else literals.is_number(text)):
            return
        if expected.boolean and (text.strip().lower() in _BOOLEAN_TEXT or (local_name(text) or "") in _BOOLEANS):
            return
        if expected.url and literals.is_url(text):
            return
        if expected.quantities and any(_QUANTITY_READERS.get(q, _never)(text) for q in expected.quantities):
            return
        if expected.dates and self._date(prop, expected, text, pointer):
            return
        if expected.entities:
            forms = [literals.QUANTITY_FORM[q] for q in sorted(expected.quantities) if q in literals.QUANTITY_FORM]
            better = " or ".join(forms) if forms else "an entity"
            self._warning(
                "vocab.text-for-entity",
                f"property {_quote(prop)} expects {_names(expected.entities)}; found {kind} "
                f"(schema.org accepts it, but {better} is more precise)",
                pointer,
            )
            return
        self._mismatch(prop, expected, f"{found}; expected {_forms(expected)}", pointer)

    def _date(self, prop: str, expected: Range, text: str, pointer: str) -> bool:
        """Whether ``text`` is accepted as one of the allowed Date/DateTime/Time (maybe with a warning)."""
        dates = expected.dates
        if ("Date" in dates and literals.is_date(text)) or ("DateTime" in dates and literals.is_datetime(text)):
            return True
        if "Time" in dates and literals.is_time(text):
            return True
        if "Date" in dates and literals.is_datetime(text):
            self._warning(
                "vocab.datetime-for-date",
                f"property {_quote(prop)} expects a 'Date'; found the date and time {_short(text)} "
                f"(consumers drop the time; write {text.strip()[:10]!r})",
                pointer,
            )
            return True
        if "DateTime" in dates and literals.is_date(text):
            self._warning(
                "vocab.date-for-datetime",
                f"property {_quote(prop)} expects a 'DateTime'; found the date {_short(text)} without a time "
                "(write it as '2024-05-31T14:30:00Z' with the real time and zone)",
                pointer,
            )
            return True
        if (dates & {"Date", "DateTime"}) and literals.is_spaced_datetime(text):
            fixed = text.strip().replace(" ", "T", 1)
            self._warning(
                "vocab.date-form",
                f"property {_quote(prop)}: found {_short(text)} with a space between date and time; "
                f"ISO 8601 expects a 'T' ({_short(fixed)})",
                pointer,
            )
            return True
        return False

    def number(self, prop: str, value: float, pointer: str) -> None:
        """A JSON number (never a bool: callers route those to :meth:`boolean`).

        Where no Number is expected, the number is judged as the text it is written as, so
        ``600`` and ``"600"`` get the same verdict (schema.org's data model treats them alike).
        """
        expected = self._range(prop)
        if expected is None or expected.text:
            return
        if expected.number:
            integral = isinstance(value, int) or (math.isfinite(value) and float(value).is_integer())
            if integral or not expected.integer_only:
                return
            self._mismatch(
                prop, expected, f"the non-integer number {_number(value)}; expected {_forms(expected)}", pointer
            )
            return
        self._literal(
            prop, expected, _number(value), f"the number {_number(value)}", f"the number {_number(value)}", pointer
        )

    def boolean(self, prop: str, value: bool, pointer: str) -> None:
        expected = self._range(prop)
        if expected is None or expected.boolean or expected.text:
            return
        self._mismatch(
            prop, expected, f"the boolean {'true' if value else 'false'}; expected {_forms(expected)}", pointer
        )

    def typed(self, prop: str, text: str, datatype: str, pointer: str) -> None:
        """A literal with a datatype IRI (``{"@value": ..., "@type": ...}`` or a coerced date).

        The schema.org context coerces every date property to ``Date`` (even those that take a
        DateTime or a Time), so a date-typed literal is judged by what it says, like a string.
        """
        name = local_name(datatype)
        if name is None or not self.vocabulary.is_datatype(name) or name in _TEXT_DATES:
            self.string(prop, text, pointer)
            return
        expected = self._range(prop)
        if expected is None or any(self.vocabulary.is_subclass(name, c) for c in expected.classes):
            return
        self._mismatch(prop, expected, f"a value typed {_quote(name)}", pointer)

    def reference(self, prop: str, iri: str, pointer: str) -> None:
        """A node reference (an object with only ``@id``, or an ``@id``-coerced string).

        Where a URL is allowed the reference is judged as the text it is, as the direct walk
        judges the same string, so both paths agree.
        """
        expected = self._range(prop)
        if expected is None:
            return
        if expected.url and not (expected.entities and self._names_member(iri, expected)):
            self._literal(prop, expected, iri, f"text {_short(iri)}", f"the text {_short(iri)}", pointer)
            return
        member = local_name(iri)
        if member is not None and member in self.vocabulary.members:
            if self.vocabulary.member_fits(member, expected.entities):
                self._member_superseded(member, pointer)
                return
            found = f"{_quote(member)}, a value of {_names(self.vocabulary.members[member])}"
            self._mismatch(prop, expected, found, pointer)
            return
        if not expected.entities:
            self._mismatch(prop, expected, f"a reference to {iri!r}", pointer)

    def node(self, prop: str, classes: tuple[str, ...], pointer: str) -> None:
        """A nested node whose known schema.org classes are ``classes`` (may be empty)."""
        verdict = self.node_verdict(prop, classes)
        if verdict:
            self._report(verdict, pointer)

    def node_verdict(self, prop: str, classes: tuple[str, ...]) -> _Verdict:
        """The problems of a node of ``classes`` as a value of ``prop`` (cached; usually none)."""
        key = (prop, classes)
        verdict = self._node_verdicts.get(key)
        if verdict is None:
            verdict = self._node_verdict(prop, classes)
            if len(self._node_verdicts) < _CACHE_LIMIT:
                self._node_verdicts[key] = verdict
        return verdict

    def _node_verdict(self, prop: str, classes: tuple[str, ...]) -> _Verdict:
        expected = self._range(prop)
        if expected is None:
            return ()
        if not classes:
            return () if expected.entities else (self._mismatch_problem(prop, expected, "an object"),)
        for cls in classes:
            ancestors = self.vocabulary.ancestors(cls)
            if not ancestors.isdisjoint(expected.classes):
                return ()
            if expected.entities and "Role" in ancestors:
                return ()
        return (self._mismatch_problem(prop, expected, f"a {_names(classes, 'and')}"),)

    def type_lookup(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...] | None, _Verdict]:
        """For a node typed with the single name ``name``: its classes, its domain subject, problems."""
        found = self._single_types.get(name)
        if found is None:
            is_class, verdict = self._type_verdict(name)
            found = ((name,), (name,), verdict) if is_class else ((), None, verdict)
            if len(self._single_types) < _CACHE_LIMIT:
                self._single_types[name] = found
        return found


def _forms(expected: Range) -> str:
    """What the literal data types of ``expected`` look like, for an error message."""
    names: list[str] = [name for name in ("Date", "DateTime", "Time") if name in expected.dates]
    if expected.number:
        names.append("Integer" if expected.integer_only else "Number")
    if expected.boolean:
        names.append("Boolean")
    if expected.url:
        names.append("URL")
    forms = [literals.EXPECTED_FORM[name] for name in names]
    return " or ".join(forms) if forms else f"a value of {_names(expected.classes)}"


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _short(text: str) -> str:
    """A text value, cut to 40 characters and quoted."""
    return repr(_cut(text))


def _number(value: float) -> str:
    """A number as written in JSON (``nan`` and ``inf`` as Python spells them), cut to 40 characters."""
    return _cut(repr(value))
