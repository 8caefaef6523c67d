"""What click itself prints, in Chinese: the words of `--help` (用法、选项、命令、默认), its own
messages for a mistyped command line, and the `错误：` line. Our commands' own texts are written in
Chinese where they are declared; this module only covers the words click brings."""
from __future__ import annotations

import re
import unicodedata

import click

from ..errors import PREFIX

# click's headings and help-line words → Chinese.
SECTIONS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}
HELP_TEXTS = {"Show this message and exit.": "显示本帮助并退出。",
              "Show the version and exit.": "显示版本号并退出。"}
OPTIONS_METAVAR = "[选项]"
COMMAND_METAVAR = "命令 [参数]..."
VERSION_MESSAGE = "%(prog)s 版本 %(version)s"
# Said instead of click's "Aborted!" when the user presses Ctrl+C.
ABORTED = "已中止（按下了 Ctrl+C）"
# Inside the [...] after an option's help: default value, required, environment variable.
_EXTRA = ((re.compile(r"\bdefault: "), "默认："), (re.compile(r"\brequired\b"), "必填"),
          (re.compile(r"\benv var: "), "环境变量："))

# click's messages about a command line (after format_message) → Chinese, first match wins.
_MESSAGES = [
    (r"No such option:? '?([^'.]+?)'?\.?(?:\s+Did you mean (.+?)\?)?$",
     lambda m: f"没有选项 {m[1]}" + (f"（是否要用 {m[2]}？）" if m[2] else "")),
    (r"Option '(.+)' requires an argument\.", lambda m: f"选项 {m[1]} 后面要给一个值"),
    (r"Option '(.+)' requires (\d+) arguments\.", lambda m: f"选项 {m[1]} 后面要给{m[2]}个值"),
    (r"Option '(.+)' does not take a value\.", lambda m: f"选项 {m[1]} 不带值"),
    (r"No such command '(.+)'\.", lambda m: f"没有命令 {m[1]}（orggraph --help 列出全部命令）"),
    (r"Missing command\.", lambda m: "缺少命令（orggraph --help 列出全部命令）"),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Argument '(.+)' takes (\d+) values\.", lambda m: f"参数 {m[1]} 要给{m[2]}个值"),
]
# click's reasons for a bad value (BadParameter.message) → Chinese.
_REASONS = [
    (r"'(.*)' is not one of (.+)\.", lambda m: f"“{m[1]}”不在可选值之中（可选：{_choices(m[2])}）"),
    (r"'(.*)' is not a valid integer( range)?\.", lambda m: f"“{m[1]}”不是整数"),
    (r"'(.*)' is not a valid float( range)?\.", lambda m: f"“{m[1]}”不是数值"),
    (r"(.*) is not in the range (.+)\.", lambda m: f"{m[1]} 超出范围（应{ranged(m[2])}）"),
    (r"(?:File|Directory|Path) '(.*)' does not exist\.", lambda m: f"{m[1]} 不存在"),
    (r"(?:File|Directory|Path) '(.*)' is a directory\.", lambda m: f"{m[1]} 是文件夹，应为文件"),
    (r"(?:File|Directory|Path) '(.*)' is a file\.", lambda m: f"{m[1]} 是文件，应为文件夹"),
    (r"(?:File|Directory|Path) '(.*)' is not readable\.", lambda m: f"{m[1]} 无权读取"),
    (r"(?:File|Directory|Path) '(.*)' is not writable\.", lambda m: f"{m[1]} 无权写入"),
    (r"'(.*)' is not (.+)\.", lambda m: f"“{m[1]}”不是可选值（只能是：{_choices(m[2])}）"),
]
_MESSAGES = [(re.compile(p, re.S), f) for p, f in _MESSAGES]
_REASONS = [(re.compile(p, re.S), f) for p, f in _REASONS]


_RANGES = [(re.compile(r"(-?[\d.]+)<=x<=(-?[\d.]+)"), r"为\1至\2"),
           (re.compile(r"(-?[\d.]+)<x<(-?[\d.]+)"), r"大于\1且小于\2"),
           (re.compile(r"(-?[\d.]+)<=x<(-?[\d.]+)"), r"不小于\1且小于\2"),
           (re.compile(r"(-?[\d.]+)<x<=(-?[\d.]+)"), r"大于\1且不大于\2"),
           (re.compile(r"x>=(-?[\d.]+)"), r"不小于\1"), (re.compile(r"x>(-?[\d.]+)"), r"大于\1"),
           (re.compile(r"x<=(-?[\d.]+)"), r"不大于\1"), (re.compile(r"x<(-?[\d.]+)"), r"小于\1")]


def ranged(text: str) -> str:
    """click's range ("x>=1", "0<=x<=5") in words (不小于1, 为0至5)."""
    for pattern, words in _RANGES:
        text = pattern.sub(words, text)
    return text


def _choices(text: str) -> str:
    return "、".join(c.strip().strip("'") for c in text.split(","))


def _translated(text: str, table) -> str:
    for pattern, make in table:
        if found := pattern.fullmatch(text.strip()):
            return make(found)
    return text


def message(exc: click.ClickException) -> str:
    """The Chinese message of one of click's exceptions (ours are Chinese already)."""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        what = {"argument": "参数", "option": "选项"}.get(kind, "参数")
        hint = _hint(exc)
        return f"缺少{what}" + (f" {hint}" if hint else "")
    if isinstance(exc, click.BadParameter):
        reason = _translated(exc.message, _REASONS)
        hint = _hint(exc)
        return f"{hint} 的值有误：{reason}" if hint else f"取值有误：{reason}"
    return _translated(exc.format_message(), _MESSAGES)


def _hint(exc: click.BadParameter) -> str | None:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx else None
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return hint.replace("'", "") if hint else None


class ChineseError(click.ClickException):
    """A message for the user, printed as `错误：…`."""

    def __init__(self, text: str, exit_code: int = 1):
        super().__init__(text)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"{PREFIX}{self.message}", err=True)


class ChineseUsageError(click.UsageError):
    """A mistyped command line: the usage line, where to find help, then `错误：…`."""

    def show(self, file=None) -> None:
        if self.ctx is not None:
            click.echo(f"{self.ctx.get_usage()}\n查看帮助：{self.ctx.command_path} --help\n",
                       err=True)
        click.echo(f"{PREFIX}{self.message}", err=True)


def chinese(exc: click.ClickException) -> click.ClickException:
    """`exc` as one that prints in Chinese (already so: itself)."""
    if isinstance(exc, (ChineseError, ChineseUsageError)):
        return exc
    if isinstance(exc, click.UsageError):
        return ChineseUsageError(message(exc), exc.ctx)
    return ChineseError(message(exc), exc.exit_code)


class ChineseFormatter(click.HelpFormatter):
    """`--help` with click's own words in Chinese, wrapped by display width (a Chinese character
    takes two columns of a terminal, and lines break between characters, not only at spaces)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def section(self, name: str):
        return super().section(SECTIONS.get(name, name))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join((indent + line).rstrip()
                             for line in wrap(text, self.width - len(indent))))
        self.write("\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, _help_line(text)) for term, text in rows]
        first_col = min(max((width(t) for t, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(text, max(self.width - first_col - self.current_indent - 2, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def wrap(text: str, limit: int) -> list[str]:
    """`text`'s paragraphs (split at blank lines) re-flowed to `limit` columns; a paragraph that
    starts with click's \\b line is kept as written."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        if lines:
            lines.append("")
        raw = [line.strip() for line in paragraph.splitlines()]
        if raw and raw[0] == "\b":
            lines += [line.rstrip() for line in paragraph.splitlines()[1:]]
            continue
        joined = ""
        for line in filter(None, raw):
            if joined and not (_wide(joined[-1]) or _wide(line[0])):
                joined += " "
            joined += line
        lines += _fill(joined, limit)
    return lines


def _fill(text: str, limit: int) -> list[str]:
    # Tokens: a run of narrow non-space characters (a word, an option, a path), one wide
    # character, or spaces. A line may break before any token; Chinese punctuation stays on the
    # line it follows.
    tokens = re.findall(r"[^\s\u2e80-\uffef]+|[\u2e80-\uffef]|\s+", text)
    lines, line = [], ""
    for token in tokens:
        if token.isspace():
            if line:
                line += " "
            continue
        if (line and width(line.rstrip()) + width(token) > limit
                and token not in "，。；：、）》”！？" and line.rstrip()[-1] not in "[（《“"):
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _help_line(text: str) -> str:
    text = HELP_TEXTS.get(text, text)
    if text.endswith("]") and "[" in text:
        head, _, extra = text.rpartition("[")
        for pattern, zh in _EXTRA:
            extra = pattern.sub(zh, extra)
        extra = ranged(extra.replace("; ", "；")).replace("；为", "；")
        extra = re.sub(r"^为(?=\d)", "", extra)
        text = f"{head}[{extra}"
    return text


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


def localise(command: click.Command) -> click.Command:
    """Make `command` show click's words in Chinese (its own help is written in Chinese)."""
    command.context_class = ChineseContext
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = COMMAND_METAVAR
    elif command.short_help is None and command.help:
        # The first clause, for the group's list of commands (click cuts at ". " only).
        first = re.split(r"[。；：]|\n\s*\n", command.help.strip(), maxsplit=1)[0]
        command.short_help = "".join(wrap(first, 10_000))
    return command
