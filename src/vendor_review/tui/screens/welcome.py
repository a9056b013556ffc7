"""The first screen on an empty database: try the example portfolio, add the first
vendor, or import an inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from vendor_review.tui.background import in_thread
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from vendor_review.service import Service

INTRO = (
    "vendor-review keeps your vendor inventory, runs a questionnaire per vendor, scores "
    "it, and has a second person approve the result. It then tells you when each vendor "
    "is due again. Where to start:"
)


def option(title: str, detail: str, option_id: str, *, disabled: bool = False) -> Option:
    prompt = Text.assemble((title, "bold"), "\n  ", (detail, "dim"))
    return Option(prompt, id=option_id, disabled=disabled)


class WelcomeScreen(AppScreen[None]):
    TITLE = "Welcome"
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical { width: 84; max-width: 95%; height: auto; }
    WelcomeScreen #intro { margin-bottom: 1; }
    WelcomeScreen OptionList { height: auto; border: round $primary; }
    WelcomeScreen #note { margin-top: 1; color: $text-muted; }
    """
    AUTO_FOCUS = "OptionList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "example", "Example portfolio", id="welcome.example"),
        Binding("n", "app.new_vendor", "First vendor", id="welcome.new_vendor"),
        Binding("i", "import_inventory", "Import inventory", id="welcome.import"),
    ]

    def __init__(self, *, open_example: bool = False) -> None:
        super().__init__()
        self.open_example_now = open_example

    def on_mount(self) -> None:
        if self.open_example_now:
            self.action_example()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical():
            yield Static(INTRO, id="intro")
            if self.vr_app.open_demo is not None:
                demo = option(
                    "e  Open the example portfolio",
                    "LiveAgent and its subprocessors, in a separate demo database",
                    "example",
                )
            else:
                demo = option(
                    "e  Open the example portfolio",
                    "Quit (ctrl+q) and run: vendor-review --demo",
                    "example",
                )
            yield OptionList(
                demo,
                option(
                    "n  Add your first vendor", "Its profile: kind, data access, criticality", "new"
                ),
                option(
                    "i  Import an inventory",
                    "A CSV or XLSX list of vendors: see what it adds before anything is stored",
                    "import",
                ),
                option("?  Keys and the workflow", "Every key of every screen", "help"),
            )
            yield Static("", id="note")
        yield AppFooter()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "example":
            self.action_example()
        elif event.option.id == "new":
            self.vr_app.new_vendor()
        elif event.option.id == "import":
            self.action_import_inventory()
        elif event.option.id == "help":
            self.vr_app.open_help()

    def action_import_inventory(self) -> None:
        self.vr_app.import_vendors(then=self._imported)

    def _imported(self) -> None:
        """Vendors arrived: leave the welcome for the vendor list."""
        if self.is_current:
            self.dismiss()
        self.vr_app.open_vendors()

    def action_example(self) -> None:
        if self.vr_app.open_demo is None:
            self.notify(
                "Quit with ctrl+q and start vendor-review --demo",
                title="Example portfolio",
                markup=False,
            )
            return
        self.query_one("#note", Static).update("Loading the example portfolio…")
        self.open_example()

    def open_example(self) -> None:
        assert self.vr_app.open_demo is not None
        in_thread(self, self.vr_app.open_demo, self.opened, "welcome")

    def opened(self, service: Service) -> None:
        self.vr_app.switch_service(service)
        self.notify("Opened the example portfolio (a separate demo database)", markup=False)
