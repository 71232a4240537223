"""Command line: ``python build.py [build|extract|check|directives|serve|new] ...``.

Exit codes scripts can rely on:
  0  success
  1  the build failed (bad data file, template error, ...); the previous output is untouched
  2  usage error (unknown option, missing file)
  3  --strict and at least one warning remains
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
COMMANDS = ("build", "extract", "check", "directives", "serve", "new")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")


def _build_opts(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)")
    p.add_argument("--output", "-o", type=Path, default=Path("public"), help="output folder (default: public)")
    p.add_argument("--report", type=Path, default=None,
                   help="where to write build-report.json (and .html); default: beside the output folder")
    p.add_argument("--strict", action="store_true", help="exit with code 3 when any warning remains")
    p.add_argument("--clean", action="store_true", help="ignore the incremental cache")
    p.add_argument("--drafts", action="store_true",
                   help="publish the articles marked draft: true too (to preview them)")
    p.add_argument("--jobs", "-j", type=_count_of("jobs", 0, 256), default=0,
                   help="worker processes (default: one per core)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    p.add_argument("--no-search", dest="search", action="store_false", help="skip the search index")


def make_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="build.py",
        description="Bản tin: build a static archive of Vietnamese news articles from content/ into public/.",
        epilog="Exit codes: 0 ok, 1 build failed (output untouched), 2 usage error, 3 --strict with warnings. "
               "Run 'build.py COMMAND --help' for each command.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the site (the default command)",
                       description="Read content/articles, extract records, render the site into the output folder.")
    _build_opts(b)

    e = sub.add_parser("extract", help="print the records extracted from files",
                       description="Extract records from the given article files and print them "
                                   "(JSON: one object per line).")
    e.add_argument("files", nargs="+", type=Path, help="article files (.txt or .md)")
    e.add_argument("--format", choices=("json", "yaml"), default="json")
    _common(e)

    c = sub.add_parser("check", help="extract and validate only; write the report, not the site",
                       description="Read and extract everything, print the summary and write the report; "
                                   "no site is written.")
    _build_opts(c)

    d = sub.add_parser("directives", help="list directives found across a corpus, and those missing from the registry",
                       description="Survey directive codes in article files or folders, with counts, and print "
                                   "YAML stubs for the ones directives.yaml lacks.")
    d.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/articles)")
    _common(d)

    s = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on changes",
                       description="Build, serve the output on 127.0.0.1, watch content/ and templates/, "
                                   "rebuild what changed and reload open pages.")
    _build_opts(s)
    s.add_argument("--port", type=_count_of("port", 0, 65535), default=8000,
                   help="port on 127.0.0.1 (default 8000; 0: any free one)")
    s.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)

    n = sub.add_parser("new", help="write a sidecar .yaml for an article, pre-filled with what extraction found",
                       description="Write NAME.yaml beside NAME.txt with the extracted fields, for an editor "
                                   "to correct; sidecar fields win over extraction on the next build.")
    n.add_argument("file", type=Path)
    n.add_argument("--force", action="store_true", help="overwrite an existing sidecar")
    _common(n)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    ap = make_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code not in (0, None) else EXIT_OK
    handler = {"build": cmd_build, "check": cmd_build, "extract": cmd_extract,
               "directives": cmd_directives, "serve": cmd_serve, "new": cmd_new}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt as e:
        print(f"{e or 'interrupted'}; the previous output is untouched", file=sys.stderr)
        return getattr(e, "exit_code", 130)


def run() -> None:
    """The command line as a program (``build.py``, the ``bantin`` script): ``main``, then exit.

    After ``build`` and ``check`` the process ends at once (``os._exit``), its output flushed:
    everything the build writes is closed by then, and the interpreter would otherwise free the
    build's records and catalog one object at a time, and collect them, for nothing (1.2 s of a
    10,000-article build). Tests and embedding code call ``main``, which returns.
    """
    import os

    argv = sys.argv[1:]
    try:
        code = main(argv)
        command = argv[0] if argv and argv[0] in COMMANDS else "build"
        if command in ("build", "check"):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    except BrokenPipeError:
        # the reader of our output went away (``build.py extract ... | head``): end without a
        # traceback, with the status of a Unix tool killed by SIGPIPE (128 + 13), so that a
        # pipeline that checks (``set -o pipefail``) knows the output was cut. (A build's output
        # is committed before it prints.) Python's own flush at exit would fail again: stdout
        # goes to /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(141)
    sys.exit(code)


def _count_of(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, got {n}")
        return n
    return parse


_TEMPLATE_FRAME = re.compile(r'File "([^"]+\.(?:html|xml|txt|j2))", line (\d+)')   # in a traceback's text


def template_location(e: BaseException) -> tuple[str, int | None]:
    """(template file, line) of a template error: a syntax error carries them; an error while
    rendering ("'x' is undefined") has them in its traceback, where Jinja maps each frame to its
    template's line, or in the traceback text of the render worker that raised it."""
    name = getattr(e, "filename", None) or getattr(e, "name", None)
    if name:
        return name, getattr(e, "lineno", None)
    from .render import template_frame

    found: tuple[str, int | None] | None = template_frame(e.__traceback__)
    if found is None and e.__cause__ is not None:
        frames = _TEMPLATE_FRAME.findall(str(e.__cause__))
        if frames:
            found = (frames[-1][0], int(frames[-1][1]))
    return found or ("template", None)


def _errors():
    from jinja2 import TemplateError

    from .config import DataError

    return DataError, TemplateError


def _usage_error(args, writes: bool = True) -> bool:
    """A build of a content folder that is not there would be an empty site, made without a word
    (every data file may be missing, not the folder); an output folder that holds the content or
    the templates would delete them. Say so instead, as a usage error."""
    from .pipeline import BuildOptions, output_location_problem

    if not args.content.is_dir():
        print(f"error: {args.content}: no such content folder (give it with --content)", file=sys.stderr)
        return True
    if writes and not args.templates.is_dir():
        print(f"error: {args.templates}: no such templates folder (give it with --templates)", file=sys.stderr)
        return True
    report = getattr(args, "report", None)
    if writes and report is not None and report.is_dir():
        print(f"error: {report}: a folder; --report names the file to write (build-report.json)", file=sys.stderr)
        return True
    problem = output_location_problem(BuildOptions(content=args.content, templates=args.templates,
                                                   output=args.output)) if writes else None
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return True
    return False


def cmd_build(args) -> int:
    from .pipeline import REPORT_MEMO, BuildOptions, default_cache_dir, run_build, run_check, summary_lines, write_report

    if _usage_error(args, writes=args.command != "check"):
        return EXIT_USAGE
    DataError, TemplateError = _errors()
    opts = BuildOptions(content=args.content, templates=args.templates, output=args.output, report=args.report,
                        strict=args.strict, clean=args.clean, jobs=args.jobs, quiet=args.quiet,
                        search=args.search, progress=sys.stderr.isatty() and not args.quiet, drafts=args.drafts)
    try:
        report = run_check(opts) if args.command == "check" else run_build(opts)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except TemplateError as e:
        where, line = template_location(e)
        print(f"error: {where}{f':{line}' if line else ''}: {e}", file=sys.stderr)
        return EXIT_FAILED
    report_path = opts.report or (opts.output.parent / "build-report.json")
    write_report(report, report_path, memo=default_cache_dir(opts) / REPORT_MEMO)
    if not args.quiet:
        for line in summary_lines(report, pages=args.command != "check"):
            print(line)
        print(f"report: {report_path} (and {report_path.with_suffix('.html').name})")
    if args.strict and report.warning_count:
        n = report.warning_count   # duplicates and skipped files count too: each kind is named
        kinds = ", ".join(f"{k} {v}" for k, v in report.warnings_by_kind.items() if v)
        print(f"strict: {n} warning{'s' if n != 1 else ''} ({kinds})", file=sys.stderr)
        return EXIT_STRICT
    return EXIT_OK


def cmd_extract(args) -> int:
    from .config import DataError, SiteData
    from .extract import Extractor
    from .reader import read_file

    try:
        data = SiteData.load(args.content)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    extractor = Extractor.from_data(data)
    missing = [f for f in args.files if not f.exists()]
    for f in missing:
        print(f"error: {f}: no such file", file=sys.stderr)
    out = sys.stdout
    status = EXIT_USAGE if missing else EXIT_OK
    for f in args.files:
        if f in missing:
            continue
        doc = read_file(f, str(f), content=args.content)
        if not doc.ok:
            print(f"{f}: skipped: {'; '.join(str(p) for p in doc.problems)}", file=sys.stderr)
            status = status or EXIT_FAILED
            continue
        rec = extractor.extract(doc).to_dict()
        if args.format == "json":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            import yaml

            out.write("---\n" + yaml.safe_dump(rec, allow_unicode=True, sort_keys=False))
    return status


def cmd_directives(args) -> int:
    from .config import SiteData
    from .survey import format_report, survey_paths

    paths = args.paths or [args.content / "articles"]
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.suffix in (".txt", ".md")))
        elif p.exists():
            files.append(p)
        else:
            print(f"error: {p}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    data = SiteData.load(args.content)
    print(format_report(survey_paths(files, data.registry)))
    return EXIT_OK


def cmd_serve(args) -> int:
    from .serve import serve

    if _usage_error(args):
        return EXIT_USAGE
    return serve(args)


def cmd_new(args) -> int:
    from .sidecar import write_sidecar

    return write_sidecar(args)
