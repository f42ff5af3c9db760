"""The playbook (Drehbuch) for setting up a municipal lab for social innovation, as data.

The structure lives here, in code, so that it is translatable and the same for every lab; what a
lab has written and ticked lives in the database under the stable keys defined here. Never change
a key once it has been released (stored states refer to it); texts may change freely.

Four phases, each with three building blocks (one per theme) with guiding questions, and a
checklist. A readiness self-assessment in six dimensions, each with three questions scored
0 (not at all) to 4 (fully).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SCORE_MIN, SCORE_MAX = 0, 4
SCALE: list[tuple[int, StrOrPromise]] = [
    (0, _("0 – not at all")),
    (1, _("1 – a little")),
    (2, _("2 – partly")),
    (3, _("3 – largely")),
    (4, _("4 – fully")),
]

# The three themes every phase works through.
THEMES: list[tuple[str, StrOrPromise]] = [
    ("goals", _("Goals, tasks, formats and themes")),
    ("structure", _("Structure, resources and competences")),
    ("obstacles", _("Obstacles and chances")),
]
THEME_LABELS = dict(THEMES)


@dataclass(frozen=True)
class Block:
    """A building block of a phase: one theme, with the questions a municipality should answer."""

    phase_key: str
    theme: str
    questions: tuple[StrOrPromise, ...]

    @property
    def key(self) -> str:
        return f"{self.phase_key}.{self.theme}"

    @property
    def title(self) -> StrOrPromise:
        return THEME_LABELS[self.theme]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: StrOrPromise


@dataclass(frozen=True)
class Phase:
    key: str
    number: int
    title: StrOrPromise
    intro: StrOrPromise
    blocks: tuple[Block, ...]
    checklist: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise


@dataclass(frozen=True)
class Dimension:
    key: str
    title: StrOrPromise
    questions: tuple[Question, ...]


def _phase(
    key: str,
    number: int,
    title: StrOrPromise,
    intro: StrOrPromise,
    *,
    goals: tuple[StrOrPromise, ...],
    structure: tuple[StrOrPromise, ...],
    obstacles: tuple[StrOrPromise, ...],
    checklist: tuple[tuple[str, StrOrPromise], ...],
) -> Phase:
    blocks = (Block(key, "goals", goals), Block(key, "structure", structure), Block(key, "obstacles", obstacles))
    return Phase(key, number, title, intro, blocks, tuple(ChecklistItem(k, t) for k, t in checklist))


PHASES: tuple[Phase, ...] = (
    _phase(
        "goal_definition",
        1,
        _("Goal definition"),
        _(
            "Clarify why the city wants a lab, which questions it should work on and who carries it. "
            "At the end of this phase there is a shared, written understanding of the lab's purpose "
            "and a political decision to set it up."
        ),
        goals=(
            _("Which concrete question of the city should the lab work on first?"),
            _("What should be different in the city in three years because the lab exists?"),
            _("Which existing strategies, plans or programmes of the city does the lab support?"),
            _("What is the lab explicitly not meant to do?"),
        ),
        structure=(
            _("Who in the administration carries the lab politically?"),
            _("Which department or organisation could host the lab, and why?"),
            _("Which people in the city already work on social innovation and should be asked first?"),
            _("How much time and money can be spent on preparing the decision?"),
        ),
        obstacles=(
            _("Where do we expect resistance, inside the administration or outside?"),
            _("Which earlier attempts at participation or innovation failed, and what do we learn from them?"),
            _("Which current events or funding programmes open a window of opportunity?"),
        ),
        checklist=(
            ("problem_described", _("The city's questions for the lab are described in writing")),
            ("champion_named", _("A political champion for the lab is named")),
            ("stakeholders_heard", _("Actors from all four sectors have been asked about the idea")),
            ("council_decision", _("Council or administration board has decided to set up the lab")),
        ),
    ),
    _phase(
        "concept_development",
        2,
        _("Concept development"),
        _(
            "Turn the goals into a concept: host organisation, team, rooms, money, working formats and "
            "the rules for working together. At the end of this phase the lab is ready to open."
        ),
        goals=(
            _("Which formats will the lab offer (workshops, lab processes, open office hours, events)?"),
            _("How does a question get into the lab, and who decides which questions are taken up?"),
            _("How will results be documented so that others can build on them?"),
            _("Which themes does the lab focus on in its first two years?"),
        ),
        structure=(
            _("Which host organisation runs the lab, and what does the agreement with it say?"),
            _("Which rooms can the lab use, and are they easy to reach for everybody?"),
            _("How many people work in the lab team, and with which roles?"),
            _("Which methods and facilitation skills does the team need, and how does it learn them?"),
            _("Which budget is available, and from which sources?"),
        ),
        obstacles=(
            _("How does the lab stay independent enough to be trusted by civil society and business?"),
            _("Which rules of the administration (procurement, data protection, working hours) slow the lab down?"),
            _("Which partners bring their own resources and networks?"),
        ),
        checklist=(
            ("host_chosen", _("A host organisation is chosen")),
            ("concept_written", _("The lab concept is written and agreed with the host")),
            ("rooms_secured", _("Rooms for the lab are available")),
            ("team_staffed", _("The lab team is staffed")),
            ("first_year_budget", _("The budget for the first year is approved")),
        ),
    ),
    _phase(
        "first_implementation",
        3,
        _("First implementation"),
        _(
            "Open the lab and run the first lab process on a concrete question, with people from "
            "public administration, business, civil society and science. Learn from it quickly."
        ),
        goals=(
            _("Which question does the first lab process work on, and what counts as a good result?"),
            _("Who needs to take part so that all four sectors are at the table?"),
            _("How does the lab make its first results visible in the city?"),
        ),
        structure=(
            _("Who facilitates the sessions, and who documents them?"),
            _("Which methods fit the question and the people taking part?"),
            _("Which resources (rooms, materials, small budgets for prototypes) can the process use?"),
            _("How does the team collect feedback from participants after each session?"),
        ),
        obstacles=(
            _("Which sector is hard to reach, and how do we invite it differently?"),
            _("What do we do if participants lose interest between sessions?"),
            _("Which early success can we build on and tell others about?"),
        ),
        checklist=(
            ("lab_opened", _("The lab has opened its doors")),
            ("first_process_started", _("First lab process started with participants from all four sectors")),
            ("first_results_documented", _("First results are documented")),
            ("feedback_evaluated", _("Feedback from participants is evaluated")),
        ),
    ),
    _phase(
        "establishment",
        4,
        _("Establishment and continuation"),
        _(
            "Make the lab and its results permanent: secure money and staff beyond the start, hand "
            "results over to those who carry them on, and share what the lab has learned."
        ),
        goals=(
            _("Which results should be continued, and by whom?"),
            _("Which role does the lab play in the city in the long run?"),
            _("How does the lab share its experience with other cities and labs?"),
        ),
        structure=(
            _("How is the lab financed after the start-up funding ends?"),
            _("Which tasks move into the regular work of the administration?"),
            _("How is knowledge kept when people in the team change?"),
            _("Which partners commit themselves for the long term, and in which form?"),
        ),
        obstacles=(
            _("What happens to results that nobody wants to take over?"),
            _("How does the lab stay open to new questions and new people once it is established?"),
            _("Which new funding programmes or political priorities can the lab use?"),
        ),
        checklist=(
            ("funding_secured", _("Funding for the next two years is secured")),
            ("handover_rules", _("Handover rules for results are agreed")),
            ("result_handed_over", _("At least one result has been taken over by a permanent carrier")),
            ("impact_reviewed", _("The lab's impact has been reviewed and published")),
            ("knowledge_shared", _("Experience has been shared with other cities")),
        ),
    ),
)

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "political_backing",
        _("Political backing"),
        (
            Question("backing_decision", _("The council or the administration board supports the lab formally.")),
            Question("backing_champion", _("A person in the city's leadership speaks up for the lab.")),
            Question("backing_priority", _("The lab's questions are among the city's stated priorities.")),
        ),
    ),
    Dimension(
        "administrative_anchoring",
        _("Administrative anchoring"),
        (
            Question("anchoring_contact", _("Each department concerned has a named contact person for the lab.")),
            Question("anchoring_rules", _("Administrative rules allow staff to take part in lab work.")),
            Question("anchoring_results", _("The administration has a way to take up the lab's results.")),
        ),
    ),
    Dimension(
        "four_sectors",
        _("Partners from all four sectors"),
        (
            Question("sectors_public", _("Public administration and politics take an active part.")),
            Question("sectors_business", _("Businesses and social enterprises take an active part.")),
            Question("sectors_civil", _("Civil-society initiatives and citizens take an active part.")),
            Question("sectors_science", _("Universities or research institutes take an active part.")),
        ),
    ),
    Dimension(
        "resources",
        _("Resources (rooms, staff, money)"),
        (
            Question("resources_rooms", _("The lab has rooms that suit its formats and are open to everybody.")),
            Question("resources_staff", _("The lab team has enough working time for its tasks.")),
            Question("resources_money", _("The lab's budget covers its work for the coming year.")),
        ),
    ),
    Dimension(
        "competences",
        _("Competences in methods and facilitation"),
        (
            Question("competences_methods", _("The team knows methods for co-creation and prototyping.")),
            Question("competences_facilitation", _("The team can facilitate groups with very different backgrounds.")),
            Question("competences_learning", _("The team regularly reflects on its work and learns from it.")),
        ),
    ),
    Dimension(
        "continuation",
        _("Continuation and handover"),
        (
            Question("continuation_carriers", _("Organisations are willing to carry promising results on.")),
            Question("continuation_rules", _("Rules for handing over results are agreed.")),
            Question("continuation_funding", _("The lab's funding is secured beyond the current year.")),
        ),
    ),
)  # fmt: skip

PHASE_BY_KEY: dict[str, Phase] = {phase.key: phase for phase in PHASES}
BLOCK_BY_KEY: dict[str, Block] = {block.key: block for phase in PHASES for block in phase.blocks}
ITEM_BY_KEY: dict[str, ChecklistItem] = {item.key: item for phase in PHASES for item in phase.checklist}
ITEM_PHASE: dict[str, str] = {item.key: phase.key for phase in PHASES for item in phase.checklist}
DIMENSION_BY_KEY: dict[str, Dimension] = {dimension.key: dimension for dimension in DIMENSIONS}
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for dimension in DIMENSIONS for q in dimension.questions}
QUESTION_DIMENSION: dict[str, str] = {q.key: d.key for d in DIMENSIONS for q in d.questions}
