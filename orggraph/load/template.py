"""An empty bundle workbook to fill in by hand: `orggraph template -o 台账模板.xlsx`.

One sheet per label and relationship type, titled and headed in Chinese (vocabulary.py), each
header cell with a comment saying what the column holds, dropdowns for every enum and yes/no
column, and a 说明 sheet first. The loader reads the Chinese titles, headers and dropdown values
back, so a workbook filled in from this template loads with no edits.
"""
from __future__ import annotations

from pathlib import Path

from .. import model, vocabulary
from .bundle import column_letter

README_SHEET = vocabulary.README_SHEET
_ROWS_WITH_DROPDOWNS = 5000  # how far down the dropdowns reach (Excel grows them as rows are added)

_INSTRUCTIONS = (
    ("orggraph 台账模板", None),
    ("每张表对应一类对象或一类关系；第1行为表头（请勿修改），从第2行起每行填写一条。", None),
    ("鼠标移到表头上可看到该列的填写说明和示例；带下拉箭头的列请从下拉选项中选择。", None),
    ("“编号”全库唯一；关系表的“起点编号”“终点编号”填写对象表中的编号。", None),
    ("留空表示该项未知；“是/否”列填“是”或“否”；“村类别标识”等多项内容用英文分号“;”分隔。", None),
    ("不需要的表可以留空或删除；本“说明”表导入时自动忽略。", None),
    ("填好后执行：orggraph load 台账模板.xlsx", None),
    ("", None),
    ("表名", "内容"),
)


def write_template(path: str | Path) -> Path:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = README_SHEET
    for text, detail in _INSTRUCTIONS:
        readme.append([text, detail] if detail else [text])
    readme["A1"].font = Font(bold=True, size=14)
    for name in (*(label.name for label in model.LABELS), *(rel.name for rel in model.REL_TYPES)):
        readme.append([vocabulary.table_zh(name), _table_note(name)])
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 90

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for schema in (*model.LABELS, *model.REL_TYPES):
        sheet = book.create_sheet(vocabulary.table_zh(schema.name))
        columns = vocabulary.columns(schema.name)
        for index, column in enumerate(columns):
            term = vocabulary.term(schema.name, column)
            cell = sheet.cell(row=1, column=index + 1, value=term.zh)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.comment = Comment(_comment(schema, column, term), "orggraph", width=260, height=110)
            letter = column_letter(index)
            sheet.column_dimensions[letter].width = max(12, 2.2 * len(term.zh) + 2)
            choices = _choices(schema, column)
            if choices:
                listed = '"' + ",".join(choices) + '"'
                if len(listed) > 255:  # Excel's limit for an inline list
                    raise ValueError(f"dropdown of {schema.name}.{column} is too long for Excel")
                check = DataValidation(type="list", formula1=listed, allow_blank=True,
                                       showErrorMessage=True, errorTitle="请从下拉选项中选择",
                                       error=f"“{term.zh}”只能填写：{'、'.join(choices)}")
                check.add(f"{letter}2:{letter}{_ROWS_WITH_DROPDOWNS}")
                sheet.add_data_validation(check)
        sheet.freeze_panes = "A2"
    path = Path(path)
    book.save(path)
    return path


def _choices(schema, column: str) -> list[str]:
    prop = schema.prop(column)
    if prop is None:
        return []
    if prop.enum:
        return vocabulary.enum_choices_zh(schema.name, prop)
    if prop.type == model.BOOL:
        return [vocabulary.BOOL_ZH[True], vocabulary.BOOL_ZH[False]]
    return []


def _comment(schema, column: str, term: vocabulary.Term) -> str:
    prop = schema.prop(column)
    required = column in ("id", "from", "to") or (prop is not None and prop.required)
    lines = [f"{term.zh}（{column}）：{'必填' if required else '选填'}", term.note]
    if term.example:
        lines.append(f"示例：{term.example}")
    return "\n".join(line for line in lines if line)


def _table_note(name: str) -> str:
    if name in vocabulary.REL_NOTE:
        return vocabulary.REL_NOTE[name]
    return f"{vocabulary.table_zh(name)}：每行一个，“编号”全库唯一"
