"""Start an assessment: pick one of the questionnaires written for the vendor's kind.

The modal reads the choices and starts the assessment through the service itself, and
closes with the new draft; a refusal (an assessment with that questionnaire still open)
is shown in the modal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from vendor_review.service.errors import ServiceError
from vendor_review.tui.shell import shell
from vendor_review.tui.text import plain, shown

if TYPE_CHECKING:
    from vendor_review.service import dto
    from vendor_review.service.dashboard import QuestionnaireChoice
    from vendor_review.tui.shell import Shell


class QuestionnairePicker(ModalScreen["dto.Assessment | None"]):
    DEFAULT_CSS = """
    QuestionnairePicker { align: center middle; }
    QuestionnairePicker > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    QuestionnairePicker #title { text-style: bold; margin-bottom: 1; }
    QuestionnairePicker OptionList { height: auto; max-height: 20; }
    QuestionnairePicker #hint { color: $text-muted; margin-top: 1; }
    QuestionnairePicker #error { color: $text-error; margin-top: 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    class Choices(Message):
        def __init__(self, choices: list[QuestionnaireChoice]) -> None:
            super().__init__()
            self.choices = choices

    class Done(Message):
        def __init__(self, started: dto.Assessment | None, error: str | None) -> None:
            super().__init__()
            self.started, self.error = started, error

    def __init__(self, vendor_id: int, vendor_name: str, kind: str) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.vendor_name = vendor_name
        self.kind = kind

    @property
    def vr_app(self) -> Shell:
        return shell(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(f"Start an assessment of {self.vendor_name}"), id="title")
            yield OptionList()
            yield Static(
                plain(
                    f"Questionnaires written for {self.kind} vendors. enter: start · escape: cancel"
                ),
                id="hint",
            )
            yield Static(id="error")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def load(self) -> None:
        self.post_message(self.Choices(self.vr_app.service.questionnaires_for(self.vendor_id)))

    @on(Choices)
    def show(self, message: Choices) -> None:
        options = self.query_one(OptionList)
        for c in message.choices:
            if c.applies:
                prompt = Text.assemble(
                    (shown(c.title), "bold"),
                    f"\n  {shown(c.id)} v{c.version} · {c.questions} questions",
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def start(self, questionnaire_id: str) -> None:
        try:
            started = self.vr_app.service.start_assessment(self.vendor_id, questionnaire_id)
        except ServiceError as error:
            self.post_message(self.Done(None, str(error)))
            return
        self.post_message(self.Done(started, None))

    @on(Done)
    def done(self, message: Done) -> None:
        if message.error is not None:
            self.query_one("#error", Static).update(plain(message.error))
        else:
            self.dismiss(message.started)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.vr_app.show_error(event.worker.error)

    def action_cancel(self) -> None:
        self.dismiss(None)
