"""A row whose title and whose arXiv paper's real title share too little: the link points at another
paper. Online: the titles come from arXiv's API (``ctx.link_facts.papers``)."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.findings import Finding
from awesomelint.rules._fixes import locate, paper_entries
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable

    from awesomelint.net.interface import Paper


class PaperTitle(Rule):
    checks_links = True
    name = "paper-title"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL407"
    severity = "warning"
    online = True
    summary = (
        "An entry's title and the title of the arXiv paper it links share too little to be the same paper."
    )
    what = (
        "For each table row whose entry is an arXiv paper (the first arXiv link of its paper, title or link "
        "column), the row's title is compared with the paper's title as arXiv's API gives it. The "
        "comparison is conservative, a row is reported only when nothing ties the two: both are cleaned "
        "(Markdown, emoji, `(@Org)`, LaTeX, case), and they match when a short name of either - a `[Short]` "
        "prefix of the row, the part before `:` or ` - ` of either title, a row of at most three words - "
        "stands in the other as letters and digits (`Mooncake` in `Mooncake: A KVCache-centric ...`, "
        "`FlashAttention-2` in `FlashAttention-2: Faster Attention ...`) or is the initials of its words, "
        "when the words of one are a subsequence of the other's (a title without its subtitle), or when they "
        "share a third of the meaningful words of the shorter title (or three words and a sixth). A row "
        "that is only a name (`GPT-3`) is held against a paper's title only when that title opens with a "
        "name of its own (`vAttention: ...`), since many papers never name their model in the title. A "
        "title mostly in another script than Latin (Chinese, Japanese, ...) is not compared. Needs the network "
        "(not with --offline); rows on unchanged lines are not looked up under --diff-base. List items, "
        "paragraph entries and HTML table rows are compared too where they are papers (their group's entries "
        "mostly link a publication first, or their own primary link is the arXiv paper): their title is the "
        "bold span (`**Title.**`), the name link's text (`**[Title](https://arxiv.org/abs/...)**`) or the "
        "title cell, their paper the primary link's, else the first paper link's."
    )
    why = (
        "A row that links the wrong paper is the most damaging defect of a paper list, and no status code "
        "shows it: the link works, it just leads elsewhere (often a copied row whose link was not updated)."
    )
    example = "|2023.12|[FLAP] Fluctuation-based Adaptive Structured Pruning for LLMs|[[pdf]](https://arxiv.org/pdf/2312.11462)|"
    fixed = "|2023.12|[FLAP] Fluctuation-based Adaptive Structured Pruning for LLMs|[[pdf]](https://arxiv.org/pdf/2312.11983)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.link_facts is None:
            return
        papers = ctx.link_facts.papers
        if not papers:
            return
        # lazy: the rule runs online only, and an offline run need not load the comparison (start-up)
        from awesomelint.document.plain import plain_text
        from awesomelint.document.titles import titles_match

        ids: dict[str, str | None] = {}
        for tinfo in ctx.info.tables:
            if tinfo.title_col is None:
                continue
            for row in tinfo.table.rows:
                aid = tinfo.arxiv_id(row, ids)
                paper = papers.get(aid) if aid is not None else None
                if paper is None or not paper.found or not paper.title:
                    continue
                if tinfo.title_col >= len(row.cells):
                    continue
                title = plain_text(tinfo.title(row))
                if titles_match(title, paper.title) is not False:
                    continue
                cell = row.cells[tinfo.title_col]
                yield ctx.report(
                    row.line,
                    cell.column,
                    f"the row's title and the title of arXiv {aid} share too little to be the same paper: "
                    f"arXiv's title is {paper.title[:200]!r}; is the link right?",
                    end_column=cell.column + len(cell.text),
                )
        doc = ctx.doc
        if doc.list_items or doc.paragraphs or doc.html_blocks:
            yield from _entry_titles(ctx, papers, plain_text, titles_match)


def _entry_titles(
    ctx: Context,
    papers: dict[str, Paper],
    plain_text: Callable[[str], str],
    titles_match: Callable[[str, str], bool | None],
) -> Iterator[Finding]:
    """List items, paragraph entries and HTML rows whose title (the bold span, the name link's text, the
    title cell) shares too little with their arXiv paper's."""
    lines = ctx.doc.lines
    for entry, aid in paper_entries(ctx):
        roles = entry.roles
        paper = papers.get(aid)
        if paper is None or not paper.found or not paper.title or not roles.title:
            continue
        if titles_match(plain_text(roles.title), paper.title) is not False:
            continue
        col = locate(lines, roles.title_line, roles.title_column, roles.title)
        yield ctx.report(
            roles.title_line,
            col,
            f"the entry's title and the title of arXiv {aid} share too little to be the same paper: "
            f"arXiv's title is {paper.title[:200]!r}; is the link right?",
            end_column=col + len(roles.title),
        )


RULES: list[type[Rule]] = [PaperTitle]
