"""Load and validate the staff-edited knowledge YAML in ``knowledge/``.

Staff are not programmers, so every problem is reported as ``FILE:LINE: message``
and a broken file never stops the rest from loading: invalid entries are left out
and the problems are returned alongside the good knowledge.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable

import yaml

from bot.readability import reading_ease

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

SOURCE_FIELDS = {"publisher", "author", "title", "published", "url"}
OFFICIAL_FIELDS = {"publisher", "title", "published", "url"}
SINCE_FIELDS = {"text", "date", "checked", "publisher", "title", "url"}
ENTRY_REQUIRED = {"id", "title", "topic", "questions", "answer"}
ENTRY_OPTIONAL = {"details", "contact", "dates", "keywords", "related", "source", "official", "since", "review_by"}
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+\.[^\s]+$")
# Links cite a page, not a mailing: the address as a parent would share it.
TRACKING = re.compile(r"[?&](utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=", re.IGNORECASE)
# A sentence that sets out a plan for a year after the source was published goes
# stale: the validator asks for a `since` note saying what happened.
PLAN_WORDS = re.compile(r"\b(plan(?:s|ned)?|will|would|due|expected|intend(?:s|ed)?|to (?:start|launch|begin|run|come|be))\b",
                        re.IGNORECASE)
YEAR = re.compile(r"\b(20\d\d)\b")
TERM_REQUIRED = {"id", "term", "meaning"}
TERM_OPTIONAL = {"aliases", "see", "source", "review_by"}

# Answers are read on phones by tired parents: past these they get a warning.
LONG_ANSWER_WORDS = 110
# The bot answers a sentence at a time; one longer than this cannot fit a phone reply.
LONG_SENTENCE_WORDS = 50
MIN_QUESTIONS = 3
HARD_READING_EASE = 45.0

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.level == "error" else f"{self.level}: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    published: str  # ISO date, or YYYY-MM / YYYY when the day is not known ("" if a page does not show it)
    url: str | None = None
    author: str | None = None  # who wrote it, when the publisher passes on someone else's text

    def credit(self) -> str:
        """Who to thank, honestly and briefly: 'NAHT for the Department for Education'."""
        return f"{self.publisher} for the {self.author}" if self.author else self.publisher

    def published_words(self) -> str:
        """'30 November 2017', 'July 2017' or '2017', for sentences parents read."""
        if not self.published:
            return ""
        parts = self.published.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return parts[0]

    def citation(self, entry_id: str, title: str, kind: str) -> dict[str, Any]:
        cited = {"id": entry_id, "title": title, "source_title": self.title, "publisher": self.publisher,
                 "published": self.published or None, "url": self.url, "kind": kind}
        if self.author:
            cited["author"] = self.author
        return cited


@dataclass(frozen=True)
class Since:
    """What changed after the announcement, from a later page: one sentence, its own source."""
    text: str
    source: Source  # ``published`` is when the change happened or was reported, as the page shows it
    checked: str | None = None  # when staff read the page, for a page that shows no date

    def citation(self, entry_id: str, title: str) -> dict[str, Any]:
        cited = self.source.citation(entry_id, title, "since")
        if self.checked:
            cited["checked"] = self.checked
        return cited


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    topic: str
    questions: tuple[str, ...]
    answer: str
    source: Source
    details: str = ""
    contact: str = ""
    dates: str = ""
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    official: Source | None = None  # the official page behind the announcement, to read in full
    since: Since | None = None
    review_by: str | None = None
    file: str = ""
    line: int = 0

    def __hash__(self) -> int:
        # Entries key the answering step's caches (``lru_cache``), tens of lookups a
        # message: the hash dataclass makes (of every field in order, sources included)
        # is made once per entry, the same value. A copy's is made again (below).
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict[str, Any]:
        # Another process hashes strings with another seed: a pickled copy makes its own.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def citations(self) -> list[dict[str, Any]]:
        """The announcement the answer comes from, the official page, and the later change."""
        cited = [self.source.citation(self.id, self.title, "announcement")]
        if self.official:
            cited.append(self.official.citation(self.id, self.title, "official"))
        if self.since:
            cited.append(self.since.citation(self.id, self.title))
        return cited


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    meaning: str
    source: Source
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    review_by: str | None = None
    file: str = ""
    line: int = 0

    def citations(self) -> list[dict[str, Any]]:
        return [self.source.citation(self.id, f"Glossary: {self.term}", "glossary")]

    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    def spelled_out(self) -> str | None:
        """What the term's letters stand for, when an alias spells it out and the meaning
        does not: "EHC plan" is "education, health and care plan", "DfE" "Department for Education"."""
        def acronym(word: str) -> bool:
            return sum(c.isupper() for c in word) > 1

        words = self.term.split()
        if not any(map(acronym, words)):
            return None
        letters = "".join(w.lower() if acronym(w) else w[0].lower() for w in words)
        found = []
        for alias in self.aliases:
            spelled = _letter_words(alias)
            initials = {"".join(w[0] for w in spelled), "".join(w[0] for w in spelled if w not in _LINKING)}
            if len(spelled) > 1 and letters in initials:
                found.append(alias)
        # The meaning may say it already, in its own plural ("...and disabilities").
        said = " ".join(_letter_words(self.meaning))
        if not found or any(" ".join(_letter_words(a)).rstrip("ys") in said for a in found):
            return None
        return max(found, key=len)


def _letter_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


# Words an acronym skips: "education, health *and* care".
_LINKING = frozenset({"and", "of", "the", "for", "in", "to", "on"})


@dataclass
class Knowledge:
    entries: dict[str, Entry] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)

    def topics(self) -> list[str]:
        return sorted({e.topic for e in self.entries.values()})


def entry_from_dict(d: dict[str, Any]) -> Entry:
    """An entry from ``dataclasses.asdict`` of one, as a snapshot stores it."""
    since = d.get("since")
    return Entry(**{**d, "source": Source(**d["source"]),
                    "official": Source(**d["official"]) if d.get("official") else None,
                    "since": Since(since["text"], Source(**since["source"]), since.get("checked")) if since else None,
                    **{k: tuple(d[k]) for k in ("questions", "keywords", "related")}})


def term_from_dict(d: dict[str, Any]) -> Term:
    """A glossary term from ``dataclasses.asdict`` of one."""
    return Term(**{**d, "source": Source(**d["source"]), **{k: tuple(d[k]) for k in ("aliases", "see")}})


class _Located(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    duplicate_keys: list[tuple[str, int]]

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        mapping = _Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in mapping.key_lines:
                self.duplicate_keys.append((key, key_node.start_mark.line + 1))
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


    def construct_yaml_timestamp(self, node):
        # "2017-13-45" looks like a date to YAML but is not one: keep the text so the
        # validator can say so with a line number, instead of crashing.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


# PyYAML's default map constructor copies into a plain dict; keep ours, lines and all.
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            lambda loader, node: loader.construct_mapping(node))
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


def read_located(path: Path) -> tuple[Any, list[Problem]]:
    """A YAML file whose mappings remember their lines, or None and why not, as
    FILE:LINE problems (any staff-owned YAML: the knowledge, the safety lexicon)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, 0, f"cannot read file: {exc}")]
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(name, mark.line + 1 if mark else 0, _plain_yaml_error(exc, text, mark))]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return None, [Problem(name, 0, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    problems = [Problem(name, line, f"'{key}' appears twice in the same block; the second replaces the first")
                for key, line in loader.duplicate_keys]
    if data is None:
        problems.append(Problem(name, 1, "file is empty"))
    return data, problems


def _plain_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    """The parser's message, with what it usually means for a person editing the file."""
    raw = f"{exc.problem or ''} {exc.context or ''}".strip()
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in line or "'\\t'" in raw or "tab" in raw:
        hint = "this line has a tab character; indent with spaces only"
    elif "mapping values are not allowed" in raw:
        hint = "a colon (:) inside a value; put the whole value in double quotes"
    elif "expected <block end>" in raw or "did not find expected '-' indicator" in raw or "expected <block mapping start>" in raw:
        hint = "the indentation is off; line this up with the lines above it at the same level"
    elif "could not find expected ':'" in raw:
        hint = "a line is missing its colon after the field name, or a quote is not closed"
    elif "found unexpected end of stream" in raw or "while scanning a quoted scalar" in raw:
        hint = "a quote (\" or ') is opened but never closed"
    else:
        hint = "the file's layout is broken here"
    return f"YAML syntax error: {hint} (the parser said: {raw})"


def name_key(name: str) -> str:
    """How a glossary name is matched: lower case, words only ("SEN-CO's" ~ "sen co s")."""
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yml") if p.is_file())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(directory: Path, digests: dict[str, str] | None = None) -> str:
    """A hash of every knowledge file's name and bytes (their ``digest``, or the ones
    given by name): changes whenever staff edit."""
    if digests is None:
        digests = {path.name: digest(path) for path in knowledge_files(directory)}
    combined = hashlib.sha256()
    for name in sorted(digests):
        combined.update(f"{name}\0{digests[name]}\n".encode())
    return combined.hexdigest()


@dataclass(frozen=True)
class FileRecord:
    """What one knowledge file gave a load, kept with the snapshot built from it, so that
    an edit to one file re-reads that file only (``reload``). Lines, not paths: the
    problems and references are of this file."""
    digest: str
    problems: tuple[tuple[int, str, str], ...]  # (line, message, level) found reading the file
    claims: tuple[str, ...]  # every well-formed id the file names (repeats too): duplicates are across these
    entries: tuple[tuple[str, str, tuple[str, ...], int], ...]  # each valid entry's (id, topic, related, line)
    terms: tuple[tuple[str, tuple[str, ...], int], ...]  # each valid glossary term's (id, see, line)
    shared: bool  # it has glossary terms or synonym groups, which every search uses
    unreadable: bool

    def to_json(self) -> dict[str, Any]:
        return {"digest": self.digest, "problems": self.problems, "claims": self.claims, "entries": self.entries,
                "terms": self.terms, "shared": self.shared, "unreadable": self.unreadable}

    @staticmethod
    def from_json(d: dict[str, Any]) -> "FileRecord":
        return FileRecord(d["digest"], tuple((line, message, level) for line, message, level in d["problems"]),
                          tuple(d["claims"]), tuple((i, t, tuple(r), line) for i, t, r, line in d["entries"]),
                          tuple((i, tuple(see), line) for i, see, line in d["terms"]), d["shared"], d["unreadable"])


@dataclass
class Loaded:
    knowledge: Knowledge
    problems: list[Problem]
    records: dict[str, FileRecord]  # by file name


def load(directory: str | Path, today: dt.date | None = None) -> tuple[Knowledge, list[Problem]]:
    """Everything valid in ``directory``, and every problem found on the way."""
    loaded = load_records(directory, today)
    return loaded.knowledge, loaded.problems


def load_records(directory: str | Path, today: dt.date | None = None,
                 digests: dict[str, str] | None = None) -> Loaded:
    """``load``, with what each file gave it (``digests``: the files' digests by name,
    when the caller has just read them)."""
    directory = Path(directory)
    today = today or dt.date.today()
    if not directory.is_dir():
        return Loaded(Knowledge(), [Problem(str(directory), 0, "knowledge folder not found")], {})
    files = knowledge_files(directory)
    if not files:
        return Loaded(Knowledge(), [Problem(str(directory), 0, "no .yml files in the knowledge folder")], {})
    reader = _Reader(today)
    records = {}
    for path in files:
        records[path.name] = reader.read_file(path, (digests or {}).get(path.name))
    reader.problems += _cross_file_problems(directory, records)
    return Loaded(reader.knowledge, reader.problems, records)


@dataclass
class Reloaded:
    """The files that changed since a snapshot's build, read again, and the whole
    knowledge's problems as a full load would give them."""
    knowledge: Knowledge  # the changed files' entries only
    problems: list[Problem]
    records: dict[str, FileRecord]  # every file's, the changed ones new
    changed: list[str]  # file names
    removed: list[str]  # the ids of the changed files' entries before the change


def reload(directory: str | Path, records: dict[str, FileRecord], digests: dict[str, str],
           today: dt.date | None = None) -> Reloaded | None:
    """Read again only the files whose ``digests`` differ from their ``records``. None
    when that cannot give what a full load would: a file added or removed, glossary
    terms or synonym groups in a changed file (every search uses them), or an id a
    changed file names (before or after) also named by another file (which of two is
    the duplicate depends on every file before it)."""
    directory = Path(directory)
    if set(digests) != set(records):
        return None
    changed = [name for name in sorted(digests) if digests[name] != records[name].digest]
    reader = _Reader(today or dt.date.today())
    fresh = {name: reader.read_file(directory / name, digests[name]) for name in changed}
    if any(r.shared for r in fresh.values()) or any(records[name].shared for name in changed):
        return None
    others = {i for name, r in records.items() if name not in fresh for i in r.claims}
    if any(set(r.claims) & others for r in (*fresh.values(), *(records[name] for name in changed))):
        return None
    removed = [entry_id for name in changed for entry_id, *_ in records[name].entries]
    records = {**records, **fresh}
    return Reloaded(reader.knowledge, problems_of(directory, records), records, changed, removed)


def problems_of(directory: str | Path, records: dict[str, FileRecord]) -> list[Problem]:
    """The problems a full load found, from its records (files unchanged since)."""
    directory = Path(directory)
    problems = []
    for name, r in records.items():
        file = str(directory / name)
        problems += [Problem(file, line, message, level) for line, message, level in r.problems]
    return problems + _cross_file_problems(directory, records)


class _Reader:
    def __init__(self, today: dt.date):
        self.today = today
        self.knowledge = Knowledge()
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, str] = {}
        # The file being read: the ids it names, whether it has glossary terms or synonym
        # groups, and its valid entries and terms.
        self.claims: list[str] = []
        self.shared = False
        self.entries: list[Entry] = []
        self.terms: list[Term] = []

    def problem(self, file: str, line: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(file, line, message, level))

    def read_file(self, path: Path, known_digest: str | None = None) -> FileRecord:
        """Read one file into the knowledge; what it gave, as a FileRecord."""
        started = len(self.problems)
        self.claims, self.shared, self.entries, self.terms = [], False, [], []
        unreadable = self._read(path)
        return FileRecord(known_digest or digest(path),
                          tuple((p.line, p.message, p.level) for p in self.problems[started:]), tuple(self.claims),
                          tuple((e.id, e.topic, e.related, e.line) for e in self.entries),
                          tuple((t.id, t.see, t.line) for t in self.terms), self.shared, unreadable)

    def _read(self, path: Path) -> bool:
        """Whether the file is unreadable as YAML."""
        name = str(path)
        data, problems = read_located(path)
        self.problems += problems
        if data is None:
            return any("YAML" in p.message for p in problems)
        if not isinstance(data, _Located):
            self.problem(name, 1, "file must start with 'source:' and 'entries:' (or 'terms:' or 'groups:')")
            return False
        self.shared = "terms" in data or "groups" in data
        self.read_document(name, data)
        return False

    def read_document(self, name: str, data: _Located) -> None:
        allowed = {"source", "entries", "terms", "groups"}
        for key in data:
            if key not in allowed:
                self.problem(name, data.line_of(key), f"unknown top-level field '{key}' (expected one of: {', '.join(sorted(allowed))})")
        if "groups" in data:
            self.read_synonyms(name, data)
        if "entries" in data or "terms" in data:
            source = self.read_source(name, data.get("source"), data.line_of("source"), None)
            if "entries" in data:
                for item in self.items(name, data, "entries"):
                    self.read_entry(name, item, source)
            if "terms" in data:
                for item in self.items(name, data, "terms"):
                    self.read_term(name, item, source)
        elif "groups" not in data:
            self.problem(name, data.line, "file has no 'entries:', 'terms:' or 'groups:' list")

    def items(self, name: str, data: _Located, key: str) -> Iterable[_Located]:
        items = data[key]
        if not isinstance(items, list) or not items:
            self.problem(name, data.line_of(key), f"'{key}' must be a list with at least one item (each starting with '- ')")
            return []
        good = []
        for index, item in enumerate(items, 1):
            if isinstance(item, _Located):
                good.append(item)
            else:
                self.problem(name, data.line_of(key), f"item {index} of '{key}' must be a block of fields, not {type(item).__name__}")
        return good

    def read_source(self, name: str, raw: Any, line: int, base: Source | None,
                    entry_level: bool = False) -> Source | None:
        """A complete Source, filling fields an entry leaves out from the file's ``base``.

        A missing or broken file source is reported once, for the file, not per entry.
        """
        if raw is None:
            if base is None and entry_level is False:
                self.problem(name, line, "missing 'source:' (publisher, title, published)")
            return base
        fields = self.block(name, raw, line, "source", SOURCE_FIELDS, {"publisher", "title", "published"},
                            asdict(base) if base else {})
        return Source(**fields) if fields else None

    def read_official(self, name: str, item: _Located) -> Source | None | bool:
        """The official page behind an entry (False when the block is broken)."""
        if "official" not in item:
            return None
        fields = self.block(name, item["official"], item.line_of("official"), "official", OFFICIAL_FIELDS,
                            {"publisher", "title", "url"})
        return Source(**{"published": "", **fields}) if fields else False

    def read_since(self, name: str, item: _Located) -> Since | None | bool:
        """What changed after the announcement (False when the block is broken)."""
        if "since" not in item:
            return None
        fields = self.block(name, item["since"], item.line_of("since"), "since", SINCE_FIELDS,
                            {"text", "publisher", "title"})
        if not fields:
            return False
        if not fields.get("date") and not fields.get("checked"):
            self.problem(name, item.line_of("since"), "a 'since' note needs a 'date' (when the change happened, as "
                         "its page shows) or, for a page that shows no date, 'checked' (when you read the page)")
            return False
        text = " ".join(fields.pop("text").split())
        if len(re.findall(r"[.!?](?:\s|$)", text)) > 1:
            self.problem(name, item["since"].line_of("text"), "a 'since' note is one sentence: it is added to "
                         "every answer from this entry, which parents read on phones")
        checked = fields.pop("checked", None)
        return Since(text, Source(published=fields.pop("date", ""), **fields), checked)

    def block(self, name: str, raw: Any, line: int, what: str, allowed: set[str], required: set[str],
              base: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The fields of a source-like block, checked, or None after saying what is wrong."""
        if not isinstance(raw, _Located):
            self.problem(name, line, f"'{what}' must be a block with {', '.join(sorted(required))}")
            return None
        ok = True
        for key in raw:
            if key not in allowed:
                self.problem(name, raw.line_of(key), f"unknown {what} field '{key}' (allowed: {', '.join(sorted(allowed))})")
                ok = False
        fields = dict(base or {})
        for key in sorted(allowed & set(raw)):
            value, at = raw[key], raw.line_of(key)
            if key in ("published", "date", "checked"):
                value = self.date_text(name, at, value, f"{what} '{key}'")
            elif not isinstance(value, str) or not value.strip():
                self.problem(name, at, f"{what} '{key}' must be non-empty text")
                value = None
            elif key == "url" and not URL_PATTERN.match(value.strip()):
                self.problem(name, at, f"{what} 'url' must be a web address starting with http:// or https://")
                value = None
            elif key == "url" and TRACKING.search(value):
                self.problem(name, at, f"{what} 'url' has a tracking part (?utm_... or similar): remove it, "
                             "keep the address up to the page itself")
                value = None
            if value is None:
                ok = False
            else:
                fields[key] = value.strip()
        missing = sorted(k for k in required if not fields.get(k))
        if missing:
            self.problem(name, raw.line, f"{what} is missing {', '.join(missing)}")
            return None
        return fields if ok else None

    def date_text(self, name: str, line: int, value: Any, what: str) -> str | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not DATE_PATTERN.match(text):
            self.problem(name, line, f"{what} must be a date like 2017-11-30 (or 2017-11, or 2017), got '{text}'")
            return None
        try:
            parts = [int(p) for p in text.split("-")] + [1, 1]
            dt.date(*parts[:3])
        except ValueError:
            self.problem(name, line, f"{what} is not a real date: '{text}'")
            return None
        return text

    def check_fields(self, name: str, item: _Located, required: set[str], optional: set[str], what: str) -> bool:
        ok = True
        for key in item:
            if key not in required | optional:
                suggestion = _closest(key, required | optional)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                self.problem(name, item.line_of(key), f"unknown field '{key}' in {what}{hint}")
                ok = False
        for key in sorted(required - set(item)):
            self.problem(name, item.line, f"{what} is missing '{key}'")
            ok = False
        return ok

    def text(self, name: str, item: _Located, key: str, required: bool) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                self.problem(name, item.line_of(key), f"'{key}' is empty")
                return None
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(name, item.line_of(key), f"'{key}' must be text")
            return None
        text = " ".join(str(value).split()) if key in ("title", "term", "topic") else str(value).strip()
        if required and not text:
            self.problem(name, item.line_of(key), f"'{key}' is empty")
            return None
        return text

    def text_list(self, name: str, item: _Located, key: str) -> tuple[str, ...] | None:
        value = item.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.problem(name, item.line_of(key), f"'{key}' must be a list of text items")
            return None
        return tuple(str(v).strip() for v in value if str(v).strip())

    def claim_id(self, name: str, item: _Located) -> str | None:
        raw = item.get("id")
        entry_id = str(raw).strip() if raw is not None else ""
        if not ID_PATTERN.match(entry_id):
            self.problem(name, item.line_of("id"), f"id '{entry_id}' must be lower-case letters, digits and hyphens, like 'redress-trial'")
            return None
        self.claims.append(entry_id)
        if entry_id in self.seen_ids:
            self.problem(name, item.line_of("id"), f"duplicate id '{entry_id}' (already used in {self.seen_ids[entry_id]})")
            return None
        self.seen_ids[entry_id] = f"{name}:{item.line_of('id')}"
        return entry_id

    def review_by(self, name: str, item: _Located) -> str | None:
        if "review_by" not in item:
            return None
        value = self.date_text(name, item.line_of("review_by"), item["review_by"], "'review_by'")
        if value and value < self.today.isoformat():
            self.problem(name, item.line_of("review_by"), f"review date {value} has passed: please check this is still right", "warning")
        return value

    def read_entry(self, name: str, item: _Located, file_source: Source | None) -> None:
        fields_ok = self.check_fields(name, item, ENTRY_REQUIRED, ENTRY_OPTIONAL, f"entry '{item.get('id', '?')}'")
        entry_id = self.claim_id(name, item) if "id" in item else None
        texts = {k: self.text(name, item, k, k in ENTRY_REQUIRED) for k in ("title", "topic", "answer", "details", "contact", "dates")}
        lists = {k: self.text_list(name, item, k) for k in ("questions", "keywords", "related")}
        if lists["questions"] == ():
            self.problem(name, item.line_of("questions"), "'questions' needs at least one example question")
            lists["questions"] = None
        elif lists["questions"] is not None and len(lists["questions"]) < MIN_QUESTIONS:
            self.problem(name, item.line_of("questions"),
                         f"only {len(lists['questions'])} example question(s): add at least {MIN_QUESTIONS}, "
                         "worded the way parents would ask, so the bot can find this entry", "warning")
        source = self.read_source(name, item.get("source"), item.line_of("source"), file_source, entry_level=True)
        official, since = self.read_official(name, item), self.read_since(name, item)
        review_by = self.review_by(name, item)
        if (not fields_ok or entry_id is None or source is None or official is False or since is False
                or None in texts.values() or None in lists.values()):
            return
        self.check_answer(name, item.line_of("answer"), entry_id, texts["answer"])
        entry = Entry(
            id=entry_id, title=texts["title"], topic=texts["topic"], questions=lists["questions"],
            answer=texts["answer"], source=source, details=texts["details"], contact=texts["contact"],
            dates=texts["dates"], keywords=lists["keywords"], related=lists["related"],
            official=official, since=since, review_by=review_by, file=name, line=item.line)
        self.check_stale(entry)
        self.check_sentences(entry, item)
        self.knowledge.entries[entry_id] = entry
        self.entries.append(entry)

    def read_term(self, name: str, item: _Located, file_source: Source | None) -> None:
        fields_ok = self.check_fields(name, item, TERM_REQUIRED, TERM_OPTIONAL, f"term '{item.get('term', '?')}'")
        term_id = self.claim_id(name, item) if "id" in item else None
        term, meaning = self.text(name, item, "term", True), self.text(name, item, "meaning", True)
        aliases, see = self.text_list(name, item, "aliases"), self.text_list(name, item, "see")
        source = self.read_source(name, item.get("source"), item.line_of("source"), file_source, entry_level=True)
        review_by = self.review_by(name, item)
        if not fields_ok or None in (term_id, term, meaning, aliases, see, source):
            return
        self.check_answer(name, item.line_of("meaning"), term_id, meaning)
        self.knowledge.terms[term_id] = Term(id=term_id, term=term, meaning=meaning, source=source,
                                             aliases=aliases, see=see, review_by=review_by, file=name, line=item.line)
        self.terms.append(self.knowledge.terms[term_id])

    def read_synonyms(self, name: str, data: _Located) -> None:
        groups = data["groups"]
        if not isinstance(groups, list):
            self.problem(name, data.line_of("groups"), "'groups' must be a list of lists, like: - [sent home, excluded]")
            return
        for index, group in enumerate(groups, 1):
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, (str, int)) for w in group):
                self.problem(name, data.line_of("groups"), f"synonym group {index} must be a list of at least two phrases")
                continue
            self.knowledge.synonyms.append(tuple(" ".join(str(w).lower().split()) for w in group))

    def check_sentences(self, entry: Entry, item: _Located) -> None:
        for key in ("answer", "details", "contact", "dates"):
            for sentence in split_sentences(getattr(entry, key)):
                if len(sentence.split()) > LONG_SENTENCE_WORDS:
                    self.problem(entry.file, item.line_of(key),
                                 f"'{entry.id}' {key} has a {len(sentence.split())}-word sentence (\"{_start_of(sentence)}\"): "
                                 "the bot answers a sentence at a time, so split it, one fact per sentence", "warning")

    def check_stale(self, entry: Entry) -> None:
        """A plan for a year after the announcement, with no note of what happened since,
        reads to a parent today as if it were still to come."""
        if entry.since or not entry.source.published:
            return
        published = int(entry.source.published[:4])
        for text in (entry.answer, entry.details, entry.dates):
            for sentence in split_sentences(text):
                later = [y for y in YEAR.findall(sentence) if int(y) > published]
                if later and PLAN_WORDS.search(sentence):
                    self.problem(entry.file, entry.line,
                                 f"'{entry.id}' mentions a plan for {later[0]} (\"{_start_of(sentence)}\") with no 'since' "
                                 "note: add one saying "
                                 "what happened, from an official page (see knowledge/README.md)", "warning")
                    return

    def check_answer(self, name: str, line: int, entry_id: str, text: str) -> None:
        words = len(text.split())
        if words > LONG_ANSWER_WORDS:
            self.problem(name, line, f"'{entry_id}' answer is {words} words; parents read on phones, so aim for under {LONG_ANSWER_WORDS} (move the rest to 'details')", "warning")
        score = reading_ease(text)
        if score < HARD_READING_EASE:
            self.problem(name, line, f"'{entry_id}' answer is hard to read (reading ease {score:.0f}, aim for {HARD_READING_EASE:.0f}+): use shorter sentences and words", "warning")



def _cross_file_problems(directory: Path, records: dict[str, FileRecord]) -> list[Problem]:
    """The checks that need every file: links to other entries, and topic names."""
    files = {name: str(directory / name) for name in records}
    entries = [(files[name], *ref) for name, r in records.items() for ref in r.entries]
    terms = [(files[name], *ref) for name, r in records.items() for ref in r.terms]
    problems = []
    # Links into an unreadable file would only repeat its one real problem.
    if not any(r.unreadable for r in records.values()):
        # Ids claimed by any entry, even one with errors: one mistake should be one message.
        claimed = {i for r in records.values() for i in r.claims}
        for file, entry_id, _, related, line in entries:
            for other in related:
                if other not in claimed:
                    problems.append(Problem(file, line, f"'{entry_id}' is related to unknown entry '{other}'"))
        for file, term_id, see, line in terms:
            for other in see:
                if other not in claimed:
                    problems.append(Problem(file, line, f"glossary '{term_id}' points to unknown entry '{other}'"))
    # A topic name used by one entry only, and close to a name others use, is a typo:
    # it would add a new topic to the advisers' filter.
    uses: dict[str, list[tuple]] = {}
    for file, entry_id, topic, _, line in entries:
        uses.setdefault(topic, []).append((file, entry_id, line))
    shared = {topic for topic, found in uses.items() if len(found) > 1}
    for topic, found in uses.items():
        if len(found) != 1:
            continue
        file, entry_id, line = found[0]
        if (close := _closest(topic, shared)) and topic.lower() != close.lower():
            problems.append(Problem(file, line, f"unknown topic '{topic}' for '{entry_id}'; did you mean '{close}'?"))
        elif close:
            problems.append(Problem(file, line, f"topic '{topic}' for '{entry_id}' should be written '{close}'"))
    return problems


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def split_sentences(text: str) -> list[str]:
    """A field's sentences as the bot answers with them, one fact each."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _start_of(sentence: str, words: int = 8) -> str:
    cut = sentence.split()
    return " ".join(cut[:words]) + (" ..." if len(cut) > words else "")


def _closest(word: str, choices: set[str]) -> str | None:
    import difflib
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
