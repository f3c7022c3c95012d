"""The picker's full-screen prompt_toolkit application: layout, keys, background work."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from prompt_toolkit.application import Application, run_in_terminal
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.data_structures import Point
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import (
    DynamicContainer,
    HSplit,
    Layout,
    VSplit,
    Window,
    WindowAlign,
)
from prompt_toolkit.layout.containers import Container
from prompt_toolkit.layout.controls import (
    BufferControl,
    FormattedTextControl,
    UIContent,
    UIControl,
)
from prompt_toolkit.layout.dimension import Dimension as D
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.styles import Style

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.listing.model import Listing, Row
from git_wt.listing.tasks import Task, run_tasks
from git_wt.ops.remove import RemoveOptions
from git_wt.picker.preview import TABS, Previews
from git_wt.picker.rows import Fragment, Item, Model, plan_fill
from git_wt.picker.screen import (
    PROMPT,
    STYLE,
    Geometry,
    counter_text,
    geometry,
    header_line,
    help_fragments,
    row_lines,
    tab_fragments,
)
from git_wt.ui.output import Output as Messages

# Escape alone must not wait long for a following key; Alt-keys arrive in one read.
KEY_TIMEOUT = 0.05
# Cells filling in are redrawn at most this often, so keys never queue behind redraws.
FILL_FRAME_INTERVAL = 0.1


@dataclass(frozen=True)
class Choice:
    """What the user picked: a selector for `switch`, created with --create or not."""

    selector: str
    create: bool = False


def styled(frags: Sequence[Fragment]) -> StyleAndTextTuples:
    """Our (style, text) pairs as prompt_toolkit's type."""
    return list(frags)


class RowsControl(UIControl):
    """The list: draws only the rows that fit, so 1,000 rows cost what 20 do."""

    def __init__(self, picker: Picker) -> None:
        self.picker = picker

    def is_focusable(self) -> bool:
        return False

    def create_content(self, width: int, height: int) -> UIContent:
        self.picker.list_height = height
        lines = [styled(line) for line in row_lines(self.picker.model, width, height)]
        if not lines:
            lines.append([("class:dim", self.picker.empty_text())])
        return UIContent(get_line=lambda i: lines[i], line_count=len(lines))


class HeaderControl(UIControl):
    def __init__(self, picker: Picker) -> None:
        self.picker = picker

    def is_focusable(self) -> bool:
        return False

    def create_content(self, width: int, height: int) -> UIContent:
        line = styled(header_line(self.picker.model, width))
        return UIContent(get_line=lambda i: line, line_count=1)


class PreviewControl(UIControl):
    def __init__(self, picker: Picker) -> None:
        self.picker = picker

    def is_focusable(self) -> bool:
        return False

    def create_content(self, width: int, height: int) -> UIContent:
        lines = [styled(line) for line in self.picker.preview_lines(height)]
        return UIContent(
            get_line=lambda i: lines[i], line_count=len(lines), cursor_position=Point(0, 0)
        )


class Picker:
    """One run of the picker. `run()` returns the choice, None on Esc, raises on Ctrl-C."""

    def __init__(
        self,
        repo: Repository,
        listing: Listing,
        ctx: Context,
        *,
        no_hooks: bool = False,
        yes: bool = False,
        reader: TextIO | None = None,
        writer: TextIO | None = None,
        input: Input | None = None,
        output: Output | None = None,
        fill: bool = True,
        model: Model | None = None,
        tasks: list[Task] | None = None,
    ) -> None:
        self.repo = repo
        self.listing = listing
        self.ctx = ctx
        self.no_hooks = no_hooks
        self.yes = yes
        self.model = model if model is not None else Model(listing, ctx.cwd)
        self.tab = 0
        self.show_preview = True
        self.preview_scroll = 0
        self.preview_height = 10
        self.list_height = 10
        self._preview_of: str | None = None
        self.message: tuple[str, str] = ("", "")
        self.filling = False
        self.removing: str | None = None
        # The per-row git work, planned before the first frame so that cells still to
        # come show as loading from the start (and columns do not jump later).
        self._tasks = tasks if tasks is not None else (plan_fill(repo, listing) if fill else [])
        self._fill_started = False
        self._cancel = threading.Event()
        self._changed = threading.Event()
        self._fill_thread: threading.Thread | None = None
        self.previews = Previews(
            repo, listing.target_sha, listing.default_branch, on_ready=self._invalidate
        )
        self.buffer = Buffer(multiline=False, on_text_changed=self._query_changed)
        if input is None:
            input = create_input(stdin=reader)
        if output is None:
            output = create_output(stdout=writer)
        self.output = output
        self.app: Application[Choice | None] = Application(
            layout=Layout(self._root(), focused_element=self.buffer),
            key_bindings=self._keys(),
            style=Style.from_dict(STYLE),
            full_screen=True,
            input=input,
            output=output,
            erase_when_done=True,
        )
        self.app.timeoutlen = KEY_TIMEOUT
        self.app.ttimeoutlen = KEY_TIMEOUT
        self.app.after_render += self._after_render

    # -- running ------------------------------------------------------------------------------

    def run(self) -> Choice | None:
        # Git's command echo (-v) would scribble over the screen; it resumes afterwards.
        verbose = self.repo.git.verbose
        self.repo.git.verbose = False
        try:
            return self.app.run()
        finally:
            self.repo.git.verbose = verbose
            self.stop()

    def stop(self) -> None:
        self._cancel.set()
        self.previews.close()

    def _invalidate(self) -> None:
        self.app.invalidate()

    def _after_render(self, _: object) -> None:
        # Start the per-row git work only once the rows are on screen: the first paint
        # must not compete with a pool of git processes for the CPU.
        if self._tasks and not self._fill_started:
            self._fill_started = True
            self.filling = True
            self._fill_thread = threading.Thread(
                target=self._fill, name="wt-pick-fill", daemon=True
            )
            self._fill_thread.start()

    def _fill(self) -> None:
        ticker = threading.Thread(target=self._tick, name="wt-pick-tick", daemon=True)
        ticker.start()
        try:
            run_tasks(
                self.repo, self.listing, self._tasks, on_done=self._row_done, cancel=self._cancel
            )
        except Exception as exc:  # the rows stay as they are; say why in the status line
            self.message = ("class:message.error", f"could not load every cell: {exc}")
        finally:
            self.filling = False
            self.model.touch()
            self._invalidate()

    def _row_done(self, row: Row) -> None:
        self.model.touch(row)
        self._changed.set()

    def _tick(self) -> None:
        """Redraw for filled cells a few times a second rather than once per cell."""
        while self.filling and not self._cancel.is_set():
            if self._changed.wait(FILL_FRAME_INTERVAL):
                self._changed.clear()
                self._invalidate()
                self._cancel.wait(FILL_FRAME_INTERVAL)

    # -- layout -------------------------------------------------------------------------------

    def _root(self) -> Container:
        prompt = VSplit(
            [
                Window(FormattedTextControl([("class:prompt", PROMPT)]), width=len(PROMPT)),
                Window(BufferControl(self.buffer), height=1),
                Window(
                    FormattedTextControl(self._counter),
                    height=1,
                    dont_extend_width=True,
                    align=WindowAlign.RIGHT,
                ),
            ],
            height=1,
        )

        # Each body gets windows of its own: a window may sit in one place of the tree only.
        def header() -> Window:
            return Window(HeaderControl(self), height=1)

        def listing(**size: Any) -> Window:
            return Window(RowsControl(self), wrap_lines=False, **size)

        def tabs() -> Window:
            return Window(FormattedTextControl(self._tabs), height=1)

        def preview() -> Window:
            return Window(PreviewControl(self), wrap_lines=False)

        # Sizes come from `geometry`, as for the first frame drawn before this existed.
        wide = VSplit(
            [
                HSplit([header(), listing()], width=lambda: D.exact(self.geometry().list_width)),
                Window(width=1, char="│", style="class:border"),
                HSplit([tabs(), preview()]),
            ]
        )
        rows = HSplit(
            [
                header(),
                listing(height=lambda: D.exact(self.geometry().list_height)),
                tabs(),
                preview(),
            ]
        )
        alone = HSplit([header(), listing()])
        bodies = {"right": wide, "below": rows, "none": alone}
        return HSplit(
            [
                prompt,
                DynamicContainer(lambda: bodies[self.geometry().placement]),
                Window(FormattedTextControl(self._status_line), height=1),
                Window(FormattedTextControl(self._help_line), height=1),
            ]
        )

    def geometry(self) -> Geometry:
        """Where things go for the terminal's size now."""
        size = self.output.get_size()
        return geometry(size.columns, size.rows, show_preview=self.show_preview)

    def _counter(self) -> StyleAndTextTuples:
        return [("class:counter", counter_text(self.model, filling=self.filling))]

    def _tabs(self) -> StyleAndTextTuples:
        return styled(tab_fragments(self.tab))

    def _status_line(self) -> StyleAndTextTuples:
        style, text = self.message
        if self.removing:
            return [("class:message.info", f"removing {self.removing}…")]
        return [(style, text)] if text else []

    def _help_line(self) -> StyleAndTextTuples:
        return styled(help_fragments(self.output.get_size().columns))

    def empty_text(self) -> str:
        if not self.model.items:
            return "no worktrees to show"
        query = self.model.query.strip()
        if query and " " not in query:
            return f"nothing matches; alt-c creates the branch {query}"
        return "nothing matches"

    def preview_lines(self, height: int) -> list[list[Fragment]]:
        self.preview_height = height
        item = self.model.current
        if item is None:
            return []
        if item.key != self._preview_of:
            self._preview_of = item.key
            self.preview_scroll = 0
        self._prefetch(item)
        preview = self.previews.get(item, TABS[self.tab])
        if preview is None:
            return [[("class:dim", "computing…")]]
        lines = preview.lines
        top = max(0, min(self.preview_scroll, len(lines) - 1))
        self.preview_scroll = top
        return lines[top : top + height]

    def _prefetch(self, item: Item) -> None:
        """Queue what the user is likely to look at next (the newest request runs first)."""
        at = self.model.selected
        tab = TABS[self.tab]
        for neighbour in (at + 1, at - 1):
            if 0 <= neighbour < len(self.model.hits):
                self.previews.request(self.model.hits[neighbour].item, tab)
        for other in TABS:
            if other != tab:
                self.previews.request(item, other)

    # -- keys ---------------------------------------------------------------------------------

    def _keys(self) -> KeyBindings:
        kb = KeyBindings()

        def bind(*keys: str) -> Callable[[Callable[[], None]], Callable[[KeyPressEvent], None]]:
            def register(action: Callable[[], None]) -> Callable[[KeyPressEvent], None]:
                def handler(event: KeyPressEvent) -> None:
                    action()

                for key in keys:
                    kb.add(*key.split())(handler)
                return handler

            return register

        bind("up", "c-p")(lambda: self._move(-1))
        bind("down", "c-n")(lambda: self._move(1))
        bind("pageup")(lambda: self._move(-max(1, self.list_height - 1)))
        bind("pagedown")(lambda: self._move(max(1, self.list_height - 1)))
        bind("enter")(self._choose)
        bind("escape c")(self._create)
        bind("escape x")(self._remove)
        bind("tab")(lambda: self._cycle_tab(1))
        bind("s-tab")(lambda: self._cycle_tab(-1))
        bind("escape p")(self._toggle_preview)
        bind("c-u")(lambda: self._scroll_preview(-1))
        bind("c-d")(lambda: self._scroll_preview(1))
        for n in range(len(TABS)):
            bind(f"escape {n + 1}")(functools.partial(self._set_tab, n))
        bind("escape")(lambda: self.app.exit(result=None))
        bind("c-c")(lambda: self.app.exit(exception=KeyboardInterrupt()))
        return kb

    def _query_changed(self, buffer: Buffer) -> None:
        self.model.set_query(buffer.text)
        self.message = ("", "")

    def _move(self, delta: int) -> None:
        self.model.move(delta)
        self.message = ("", "")

    def _cycle_tab(self, delta: int) -> None:
        self._set_tab((self.tab + delta) % len(TABS))

    def _set_tab(self, n: int) -> None:
        self.tab = n
        self.preview_scroll = 0
        self.show_preview = True

    def _toggle_preview(self) -> None:
        self.show_preview = not self.show_preview

    def _scroll_preview(self, direction: int) -> None:
        step = max(1, self.preview_height // 2)
        self.preview_scroll = max(0, self.preview_scroll + direction * step)

    def say(self, style: str, text: str) -> None:
        self.message = (f"class:message.{style}", text)

    def _choose(self) -> None:
        item = self.model.current
        if item is None:
            self.say("error", self.empty_text())
            return
        if self.removing:
            self.say("error", f"wait: {self.removing} is being removed")
            return
        self.app.exit(result=Choice(item.selector))

    def _create(self) -> None:
        name = self.model.query.strip()
        if not name:
            self.say("error", "type the new branch's name first, then press alt-c")
            return
        if name in self.repo.local_branches:
            self.say("error", f"branch {name} already exists; pick its row and press enter")
            return
        from git_wt.ops.targets import check_branch_name

        try:
            check_branch_name(self.repo, name)
        except WtError as exc:
            self.say("error", exc.message)
            return
        self.app.exit(result=Choice(name, create=True))

    # -- removing -----------------------------------------------------------------------------

    def _remove(self) -> None:
        item = self.model.current
        if item is None or self.removing:
            return
        row = item.row
        name = row.branch or row.path or "?"
        refusal = _refusal(row)
        if refusal:
            self.say("error", refusal)
            return
        from git_wt.ops import remove

        rargs = remove.RemoveOptions(hooks=not self.no_hooks, yes=self.yes)
        # A repository object of its own: removing must not decide anything (such as a
        # declined hook approval) for the switch that may follow.
        try:
            repo = Repository.discover(self.repo.cwd)
            selector = row.path if row.kind == "worktree" and row.path else name
            captured = Messages(out=io.StringIO(), err=io.StringIO())
            ctx = Context(cwd=self.ctx.cwd, out=captured)
            removal = remove.validate(repo, selector, rargs, ctx.cwd)
        except WtError as exc:
            self.say("error", f"cannot remove {name}: {exc.message}")
            return
        if _needs_terminal(repo, rargs):
            # Hooks print, and may ask for approval: give them the real terminal.
            ctx = Context(cwd=self.ctx.cwd, out=self.ctx.out)

            def in_terminal() -> None:
                self._execute_removal(repo, removal, rargs, ctx, item, name)

            run_in_terminal(in_terminal)
            return
        self.removing = name
        loop = self.app.loop

        def work() -> None:
            error: BaseException | None = None
            try:
                remove.execute(ctx, repo, removal, rargs)
            except Exception as exc:  # shown in the status line, never a crash
                error = exc
            if loop is not None:
                loop.call_soon_threadsafe(self._removed, removal, item, name, error)

        threading.Thread(target=work, name="wt-pick-remove", daemon=True).start()

    def _execute_removal(
        self,
        repo: Repository,
        removal: Any,
        rargs: RemoveOptions,
        ctx: Context,
        item: Item,
        name: str,
    ) -> None:
        from git_wt.ops import remove

        try:
            remove.execute(ctx, repo, removal, rargs)
            self._removed(removal, item, name, None)
        except WtError as exc:
            self._removed(removal, item, name, exc)

    def _removed(self, removal: Any, item: Item, name: str, error: BaseException | None) -> None:
        self.removing = None
        self.repo.refresh_worktrees()
        self.repo.refresh_branches()
        if error is not None:
            text = error.message if isinstance(error, WtError) else str(error)
            self.say("error", f"cannot remove {name}: {text}")
            self._invalidate()
            return
        self.previews.forget(item)
        row = item.row
        outcome = removal.outcome.value
        if outcome == "deleted":
            self.model.replace(item, None)
            self.say("ok", f"removed {name} and deleted its branch ({removal.reason or 'merged'})")
        elif row.kind == "worktree" and row.branch:
            # The branch stays: its row is now a branch without a worktree.
            self.model.replace(item, Row("branch", row.branch, None, row.head))
            why = {
                "retained_unmerged": "not merged yet",
                "retained_checked_out": "checked out elsewhere",
                "retained_raced": "it moved meanwhile",
            }.get(outcome, "kept")
            self.say("ok", f"removed the worktree of {name}; kept the branch ({why})")
        elif row.kind == "worktree":
            self.model.replace(item, None)
            self.say("ok", f"removed the worktree at {row.path}")
        else:
            self.say("info", f"kept branch {name}: its work is not in the default branch")
        self._invalidate()


def _refusal(row: Row) -> str | None:
    """Why Alt-x does nothing for this row, before asking git anything."""
    name = row.branch or row.path or "this row"
    if row.kind == "remote":
        return f"{name} exists only on a remote; there is nothing local to remove"
    if row.is_current:
        return f"cannot remove {name}: it is the worktree you are in (leave it first)"
    if row.is_main:
        return f"cannot remove {name}: it is the primary worktree"
    return None


def _needs_terminal(repo: Repository, rargs: RemoveOptions) -> bool:
    """Whether removing runs hooks that print or may ask for approval."""
    if not rargs.hooks:
        return False
    from git_wt.hooks import approval as hook_approval
    from git_wt.hooks import sources as hook_sources

    if hook_sources.user_hooks(repo).get("pre-remove"):
        return True
    gate = hook_approval.operation_gate(repo)
    if gate.project is None or rargs.yes:
        return False
    return bool(
        hook_sources.project_hooks(gate.project, "pre-remove")
        or hook_sources.project_hooks(gate.project, "post-remove")
    )
