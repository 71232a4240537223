"""``build.py serve``: build, serve the output on 127.0.0.1, rebuild on changes, reload open tabs.

The server only ever listens on the loopback interface. Open HTML pages get a small script that
listens on ``/__bantin__/events`` (server-sent events) and reloads the page after each rebuild.
The script is added to responses as they are served: the files in ``public/`` never contain it.
"""

from __future__ import annotations

import http.server
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

EVENTS_PATH = "/__bantin__/events"
RELOAD_SCRIPT = (
    "<script>(function(){var s=new EventSource('" + EVENTS_PATH + "');"
    "s.addEventListener('reload',function(){location.reload();});})();</script>"
).encode()


class ReloadHub:
    """Counts rebuilds; each SSE client waits for the number to change."""

    def __init__(self) -> None:
        self.generation = 0
        self.cond = threading.Condition()
        self.closed = False

    def bump(self) -> None:
        with self.cond:
            self.generation += 1
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.generation != seen or self.closed, timeout=timeout)
            return self.generation

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class Handler(http.server.SimpleHTTPRequestHandler):
    hub: ReloadHub
    root: Path
    # called with the requested path (relative, POSIX) before a file is served: the builder
    # writes a file it left for later (records.json/csv after a rebuild) first
    before_file: Callable[[str], None] | None = None
    # the path the site is served under (``SiteConfig.path_prefix``: "" or "/bantin"), asked at
    # each request: an edit of base_url while serving moves the site
    prefix: Callable[[], str] | None = None

    def __init__(self, *args, directory=None, **kwargs):
        super().__init__(*args, directory=str(self.root), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        if self.path == EVENTS_PATH:
            return self._events()
        prefix = self.prefix() if self.prefix is not None else ""
        if prefix:
            # a site under a path is served there, as it will be published: its pages link to
            # /bantin/..., and the root sends a visitor to the site
            asked = self.path.split("?", 1)[0].split("#", 1)[0]
            if asked in ("/", "", prefix):
                return self._redirect(prefix + "/")
            if not asked.startswith(prefix + "/"):
                return self._html(self.root / "404.html", 404) if (self.root / "404.html").is_file() \
                    else self.send_error(404)
            original = self.path
            self.path = self.path[len(prefix):]
            p = Path(self.translate_path(self.path))
            if p.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
                return self._redirect(original.split("?", 1)[0] + "/")
        path = self.translate_path(self.path)
        p = Path(path)
        if self.before_file is not None:
            try:
                self.before_file(p.relative_to(self.root).as_posix())
            except ValueError:
                pass
        if p.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the stdlib's redirect to the slash form
            p = p / "index.html"
        if p.suffix == ".html" and p.is_file():
            return self._html(p, 200)
        if not p.exists() and (self.root / "404.html").is_file():
            return self._html(self.root / "404.html", 404)
        return super().do_GET()

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _html(self, p: Path, status: int) -> None:
        body = p.read_bytes()
        i = body.rfind(b"</body>")
        body = body[:i] + RELOAD_SCRIPT + body[i:] if i >= 0 else body + RELOAD_SCRIPT
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.hub.generation
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not self.hub.closed:
                now = self.hub.wait(seen, timeout=15)
                if now != seen:
                    seen = now
                    self.wfile.write(f"event: reload\ndata: {now}\n\n".encode())
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def make_server(root: Path, hub: ReloadHub, host: str = "127.0.0.1", port: int = 8000,
                before_file: Callable[[str], None] | None = None, prefix: Callable[[], str] | None = None):
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the preview server listens on the loopback interface only")
    handler = type("BoundHandler", (Handler,), {"hub": hub, "root": root,
                                                "before_file": staticmethod(before_file) if before_file else None,
                                                "prefix": staticmethod(prefix) if prefix else None})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(args) -> int:
    from watchfiles import watch

    from .cli import _errors, template_location
    from .pipeline import REPORT_MEMO, Builder, BuildOptions, summary_lines, write_report

    DataError, TemplateError = _errors()
    opts = BuildOptions(content=args.content, templates=args.templates, output=args.output, report=args.report,
                        strict=args.strict, clean=args.clean, jobs=args.jobs, quiet=args.quiet,
                        search=args.search, progress=sys.stderr.isatty() and not args.quiet, live=True,
                        drafts=args.drafts)
    builder = Builder(opts)
    report_path = opts.report or (opts.output.parent / "build-report.json")

    def rebuild(first: bool = False, changed: list[str] | None = None) -> bool:
        try:
            report = builder.build(changed)
        except (DataError, TemplateError) as e:
            where = ""
            if isinstance(e, TemplateError):
                name, line = template_location(e)
                where = f"{name}{f':{line}' if line else ''}: "
            still = "the previous output is still served" if opts.output.exists() else "nothing to serve"
            print(f"error: {where}{e} ({still})", file=sys.stderr, flush=True)
            return False
        write_report(report, report_path, memo=builder.cache_dir / REPORT_MEMO)
        for line in summary_lines(report)[:3]:
            print(line, flush=True)
        return True

    if not rebuild(first=True) and not opts.output.exists():
        return 1
    def before_file(rel: str) -> None:
        if rel in builder.pending():
            flush(search=False)   # the search index may take a minute: not while a request waits

    def flush(search: bool = True) -> None:
        try:
            builder.flush(search=search)
        except OSError as e:
            print(f"error: cannot write the output or the build cache: {e}", file=sys.stderr, flush=True)

    def site_prefix() -> str:
        data = builder._data   # the last build's (kept by a live builder); none before the first
        return data.site.path_prefix if data is not None else ""

    hub = ReloadHub()
    try:
        server = make_server(opts.output.resolve(), hub, "127.0.0.1", args.port, before_file=before_file,
                             prefix=site_prefix)
    except OSError as e:       # the port is taken, or not ours to open
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {e.strerror or e}", file=sys.stderr, flush=True)
        return 1
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    watched = [p for p in (opts.content, opts.templates) if p.exists()]
    stop = threading.Event()
    announced = False
    try:
        # the first (empty) yield comes once the watcher is live: only then say we are serving,
        # so that an edit made right after the announcement is never missed
        for changes in watch(*watched, stop_event=stop, debounce=150, step=50, raise_interrupt=False,
                             yield_on_timeout=True, rust_timeout=300):
            if not announced:
                print(f"serving {opts.output} at http://127.0.0.1:{port}{site_prefix()}/ (Ctrl+C to stop)", flush=True)
                announced = True
            if not changes:
                flush()   # idle: write what the last rebuild left for later
                continue
            t0 = time.perf_counter()
            names = sorted({Path(p).name for _, p in changes})
            print(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}", flush=True)
            if rebuild(changed=[p for _, p in changes]):
                hub.bump()
                print(f"rebuilt in {time.perf_counter() - t0:.2f} s", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        hub.close()
        server.shutdown()
        server.server_close()
        flush()
    return 0
