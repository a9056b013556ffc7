"""Start an assessment: pick one of the questionnaires written for the vendor's kind.

The modal reads the choices and starts the assessment through the service itself, and
closes with the new draft; a refusal (an assessment with that questionnaire still open)
is shown in the modal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from vendor_review.domain.wording import counted
from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.dialog import Dialog

if TYPE_CHECKING:
    from vendor_review.service import dto
    from vendor_review.service.dashboard import QuestionnaireChoice


class QuestionnairePicker(Dialog["dto.Assessment | None"]):
    DEFAULT_CSS = """
    QuestionnairePicker > Vertical { max-height: 80%; }
    QuestionnairePicker #title { margin-bottom: 1; }
    QuestionnairePicker OptionList { height: auto; max-height: 20; }
    QuestionnairePicker #hint { margin-top: 1; }
    QuestionnairePicker #error { color: $text-error; margin-top: 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, vendor_id: int, vendor_name: str, kind: str) -> None:
        super().__init__(f"Start an assessment of {vendor_name}")
        self.vendor_id = vendor_id
        self.vendor_name = vendor_name
        self.kind = kind

    def body(self) -> ComposeResult:
        yield OptionList()
        yield Static(
            plain(f"Questionnaires written for {self.kind} vendors. enter: start · escape: cancel"),
            id="hint",
        )
        yield Static(id="error")

    def on_mount(self) -> None:
        service, vendor_id = self.vr_app.service, self.vendor_id
        in_thread(self, lambda: service.questionnaires_for(vendor_id), self.show, "picker")

    def show(self, choices: list[QuestionnaireChoice]) -> None:
        options = self.query_one(OptionList)
        for c in choices:
            if c.applies:
                prompt = Text.assemble(
                    (shown(c.title), "bold"),
                    f"\n  {shown(c.id)} v{c.version} · {counted(c.questions, 'question')}",
                )
                options.add_option(Option(prompt, id=c.id))
        if not options.option_count:
            self.query_one("#error", Static).update(
                plain(f"No questionnaire is written for {self.kind} vendors.")
            )
        else:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.start(event.option.id)

    def start(self, questionnaire_id: str) -> None:
        service, vendor_id = self.vr_app.service, self.vendor_id
        start = or_error(lambda: service.start_assessment(vendor_id, questionnaire_id))
        in_thread(self, start, self.done, "picker")

    def done(self, started: dto.Assessment | ServiceError) -> None:
        if isinstance(started, ServiceError):
            self.query_one("#error", Static).update(plain(str(started)))
        else:
            self.dismiss(started)

    def action_cancel(self) -> None:
        self.dismiss(None)
