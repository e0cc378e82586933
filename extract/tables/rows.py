"""Rows for the schedules, schedule_cells and kpis Parquet tables."""

from __future__ import annotations

from extract.boxes import box_rows
from extract.tables.attribution import attribute
from extract.tables.models import ScheduleSet
from schemas.base import declared_row


def schedule_rows(result: ScheduleSet, edition: str) -> dict[str, list[dict]]:
    schedules: list[dict] = []
    cells: list[dict] = []
    kpis: list[dict] = []
    for s in map(attribute, result.schedules):  # cells and KPIs attributed to measures
        schedules.append(
            declared_row(
                "schedules",
                edition=edition,
                schedule_id=s.schedule_id,
                title=s.title,
                measure_nos=list(s.measure_nos),
                extra_refs=list(s.extra_refs),
                section_labels=list(s.labels),
                five_year_goal=s.five_year_goal,
                outline=s.outline,
                half_year=s.half_year,
                row_count=len(s.rows),
                page_start=s.page_start,
                page_end=s.page_end,
                label_start=s.label_start,
                label_end=s.label_end,
                boxes=box_rows(s.boxes),
            )
        )
        for row in s.rows:
            for cell_index, c in enumerate(row.cells):
                x0, top, x1, bottom = c.bbox if c.bbox else (None, None, None, None)
                cells.append(
                    declared_row(
                        "schedule_cells",
                        edition=edition,
                        schedule_id=s.schedule_id,
                        row_index=row.row_index,
                        cell_index=cell_index,
                        policy=row.policy,
                        fy_start=c.fy_start,
                        fy_end=c.fy_end,
                        half_start=c.half_start,
                        half_end=c.half_end,
                        text=c.text,
                        measure_nos=list(c.measure_nos),
                        row_measure_nos=list(c.row_measure_nos),
                        measure_source=c.measure_source,
                        page=c.page,
                        x0=x0,
                        top=top,
                        x1=x1,
                        bottom=bottom,
                    )
                )
            for k in row.kpis:
                kpis.append(
                    declared_row(
                        "kpis",
                        edition=edition,
                        schedule_id=s.schedule_id,
                        row_index=row.row_index,
                        row_end=row.kpi_row_end,
                        item_index=k.item_index,
                        text=k.text,
                        measure_nos=list(k.measure_nos),
                        row_measure_nos=list(k.row_measure_nos),
                        measure_source=k.measure_source,
                        target_value=k.target_value,
                        target_unit=k.target_unit,
                        target_fy=k.target_fy,
                        comparator=k.comparator,
                        page=k.page,
                    )
                )
    return {"schedules": schedules, "schedule_cells": cells, "kpis": kpis}
