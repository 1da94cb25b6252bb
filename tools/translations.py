"""Extract, merge, check and compile the app's translations (standard library only).

    python tools/translations.py            extract explorer/*.py into the .ts files, compile
    python tools/translations.py --check    exit 1 if a string has no finished translation,
                                            or the committed .qm is not the .ts compiled

What counts as a translatable string, per module of explorer/:

* a call of the module's own one-argument translator, `tr("literal")` or `tr_("literal")`
  (also `self.tr_(...)`, `Class.tr_(...)`); its context is the string literal the
  translator's definition passes on, e.g. `def tr(text): return i18n.tr("Controls", text)`;
* a two-argument call with the context written out: `i18n.tr("Ctx", "literal")`,
  `translate("Ctx", "literal")`, `QtCore.QCoreApplication.translate("Ctx", "literal")`;
* the "title" of every preset in resources/presets/*.json, in the context "Presets" (the
  window translates a preset's title when it shows it).

The text must be one plain string literal (implicit concatenation of literals is fine), so
formatting goes through placeholders: `tr("step {0} of {1}").format(a, b)`. A call whose text
is not a literal is reported as a problem, unless its line says `# i18n: dynamic` (the text is
then looked up at run time, e.g. a preset's title).
"""

from __future__ import annotations

import argparse
import ast
import filecmp
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "explorer"
PRESETS = ROOT / "resources" / "presets"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = {"pl": "pl_PL"}  # the .ts/.qm files: explorer_<key>.ts, Qt's language code

TRANSLATORS = {"tr", "tr_"}  # one-argument translators a module defines
TWO_ARGUMENT = {"tr", "translate"}  # i18n.tr(ctx, text), QCoreApplication.translate(ctx, text)
DYNAMIC_MARK = "i18n: dynamic"


@dataclass
class Message:
    context: str
    source: str
    where: list[str] = field(default_factory=list)  # "explorer/x.py:12", for reports


@dataclass
class Extraction:
    messages: dict[tuple[str, str], Message] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, context: str, source: str, where: str):
        message = self.messages.setdefault((context, source), Message(context, source))
        message.where.append(where)


# -- extraction ------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """The path as reports name it: relative to the repository when it is inside."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _name(func: ast.expr) -> str | None:
    """'tr' for tr(...), self.tr_(...), i18n.tr(...); 'translate' for ...translate(...)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _two_argument_context(call: ast.Call) -> str | None:
    """The context of a call such as i18n.tr("Ctx", text) or translate("Ctx", text)."""
    if _name(call.func) in TWO_ARGUMENT and len(call.args) >= 2:
        return _literal(call.args[0])
    return None


def _translator_contexts(tree: ast.Module) -> dict[str, str]:
    """{'tr': 'Controls'} for each one-argument translator the module defines (at module
    level or as a method), from the context literal its body passes on."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in TRANSLATORS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and (context := _two_argument_context(inner)):
                    found[node.name] = context
                    break
    return found


def extract_file(path: Path, result: Extraction):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    lines = text.splitlines()
    relative = _shown(path)
    translators = _translator_contexts(tree)
    definitions = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in TRANSLATORS
        for inner in ast.walk(node)
    }
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and id(n) not in definitions]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):  # in reading order
        name = _name(node.func)
        context, argument = None, None
        if (explicit := _two_argument_context(node)) is not None:
            context, argument = explicit, node.args[1]
        elif name in translators and len(node.args) == 1 and not node.keywords:
            context, argument = translators[name], node.args[0]
        elif name == "tr" and isinstance(node.func, ast.Attribute) and node.args:
            # QObject.tr() takes its context from the class, i18n.tr(name, …) from a variable:
            # neither can be read from the source.
            result.problems.append(
                f"{relative}:{node.lineno}: use the module's tr() (no context to extract here)"
            )
            continue
        if context is None:
            continue
        where = f"{relative}:{node.lineno}"
        source = _literal(argument)
        if source is not None:
            result.add(context, source, where)
        elif DYNAMIC_MARK not in lines[node.lineno - 1]:
            result.problems.append(
                f"{where}: the text of {name}() must be one string literal "
                f"(format with placeholders: tr('… {{0}}').format(x))"
            )


def extract(sources: Path = SOURCES, presets: Path = PRESETS) -> Extraction:
    result = Extraction()
    for path in sorted(sources.rglob("*.py")):
        extract_file(path, result)
    for path in sorted(presets.glob("*.json")):
        title = json.loads(path.read_text(encoding="utf-8")).get("title")
        if title:
            result.add("Presets", title, _shown(path))
    return result


# -- the .ts files ---------------------------------------------------------------------------


def read_ts(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """{(context, source): (translation, finished)} from a Qt Linguist .ts file."""
    if not path.exists():
        return {}
    entries = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            kind = translation.get("type", "") if translation is not None else "unfinished"
            finished = kind not in ("unfinished", "obsolete", "vanished") and bool(text)
            entries[(name, message.findtext("source", ""))] = (text, finished)
    return entries


def merged(extraction: Extraction, existing: dict) -> dict[tuple[str, str], tuple[str, bool]]:
    """Every extracted message, with its existing translation; obsolete ones are dropped."""
    return {key: existing.get(key, ("", False)) for key in extraction.messages}


def write_ts(path: Path, language: str, entries: dict[tuple[str, str], tuple[str, bool]]):
    """As lupdate writes it (so Qt Linguist's saves differ little): contexts in alphabetical
    order, messages in the order of their first use, no source locations."""
    by_context: dict[str, list[str]] = {}
    for (context, source), (translation, finished) in entries.items():
        kind = "" if finished else ' type="unfinished"'
        by_context.setdefault(context, []).append(
            "    <message>\n"
            f"        <source>{escape(source)}</source>\n"
            f"        <translation{kind}>{escape(translation)}</translation>\n"
            "    </message>\n"
        )
    lines = ['<?xml version="1.0" encoding="utf-8"?>\n', "<!DOCTYPE TS>\n"]
    lines.append(f'<TS version="2.1" language="{language}">\n')
    for context in sorted(by_context):
        lines += ["<context>\n", f"    <name>{escape(context)}</name>\n"]
        lines += by_context[context]
        lines.append("</context>\n")
    lines.append("</TS>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


# -- checks ----------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
KEY_HINT = re.compile(r"\((?:Space|PgUp|PgDn|F\d+|[A-Z0-9])\)")


def _mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


def consistency(source: str, translation: str) -> list[str]:
    """What a translation must keep of its source: placeholders, rich-text tags, key hints
    such as (Space) or (N), a menu's one mnemonic ampersand, and double spaces (they set a
    key hint or a formula apart, and names.dataset_short() cuts a title at them)."""
    problems = []
    for what, pattern in (("placeholders", PLACEHOLDER), ("tags", TAG), ("key hints", KEY_HINT)):
        if sorted(pattern.findall(source)) != sorted(pattern.findall(translation)):
            problems.append(f"{what} differ")
    if _mnemonics(source) != _mnemonics(translation):
        problems.append("mnemonic ampersands differ")
    if source.count("  ") != translation.count("  "):
        problems.append("double spaces differ")
    return problems


def check(extraction: Extraction, entries_by_language: dict[str, dict]) -> list[str]:
    problems = list(extraction.problems)
    for key, entries in entries_by_language.items():
        for (context, source), message in extraction.messages.items():
            translation, finished = entries.get((context, source), ("", False))
            where = message.where[0]
            if (context, source) not in entries:
                problems.append(f"{key}: missing [{context}] {source!r} ({where})")
            elif not finished:
                problems.append(f"{key}: unfinished [{context}] {source!r} ({where})")
            else:
                for problem in consistency(source, translation):
                    problems.append(f"{key}: {problem} in [{context}] {source!r} ({where})")
    return problems


# -- compiling -------------------------------------------------------------------------------


def lrelease() -> str:
    here = Path(sys.executable).parent / "pyside6-lrelease"
    found = str(here) if here.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("translations: pyside6-lrelease not found (pip install PySide6)")
    return found


def compile_ts(ts: Path, qm: Path):
    subprocess.run(
        [lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def qm_is_current(ts: Path, qm: Path) -> bool:
    """Whether `qm` is what compiling `ts` gives now."""
    if not qm.exists():
        return False
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / qm.name
        compile_ts(ts, fresh)
        return filecmp.cmp(fresh, qm, shallow=False)


# -- command line ----------------------------------------------------------------------------


def paths(key: str) -> tuple[Path, Path]:
    return TRANSLATIONS / f"explorer_{key}.ts", TRANSLATIONS / f"explorer_{key}.qm"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only check; exit 1 listing what is missing"
    )
    args = parser.parse_args(argv)
    extraction = extract()
    if args.check:
        entries = {key: read_ts(paths(key)[0]) for key in LANGUAGES}
        problems = check(extraction, entries)
        for key in LANGUAGES:
            ts, qm = paths(key)
            if ts.exists() and not qm_is_current(ts, qm):
                problems.append(f"{key}: {qm.name} is not {ts.name} compiled: make translations")
        for problem in problems:
            print(problem)
        print(
            f"{len(extraction.messages)} strings, {len(problems)} problem(s)",
            file=sys.stderr if problems else sys.stdout,
        )
        return 1 if problems else 0
    for problem in extraction.problems:
        print(problem)
    for key, language in LANGUAGES.items():
        ts, qm = paths(key)
        entries = merged(extraction, read_ts(ts))
        write_ts(ts, language, entries)
        compile_ts(ts, qm)
        todo = sum(not finished for _, finished in entries.values())
        print(f"{ts.relative_to(ROOT)}: {len(entries)} strings, {todo} to translate")
        print(f"{qm.relative_to(ROOT)}: compiled")
    return 1 if extraction.problems else 0


if __name__ == "__main__":
    sys.exit(main())
