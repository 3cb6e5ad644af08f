"""Bar charts drawn on the server as SVG: no script, nothing from elsewhere, the same picture in
every browser and in a saved page. Pure: figures in, markup out (escaped)."""
from __future__ import annotations

from html import escape

from ledger.core.money import Money
from ledger.i18n import money_text, percent_text


def bar_chart(bars: list[tuple[str, Money, Money]], width: int = 640) -> str:
    """One horizontal bar per (label, used, limit): the used part filled, the limit as the frame,
    a bar over its limit drawn red and whole."""
    row, label_w, bar_w = 34, 250, width - 260     # room for "Добровольные пожертвования"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
             f'height="{row * len(bars) + 8}" role="img">']
    for i, (label, used, limit) in enumerate(bars):
        y = 4 + i * row
        share = 1.0 if not limit.is_positive else min(used.tiyn / limit.tiyn, 1.0)
        over = limit.is_positive and used.tiyn > limit.tiyn
        filled = round(bar_w * share)
        parts.append(f'<text x="0" y="{y + 18}" font-size="13">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="24" fill="#eef1f5" stroke="#8a96a8"/>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{filled}" height="24" '
                     f'fill="{"#c0392b" if over else "#2e7d5b"}"><title>{escape(money_text(used))} / '
                     f'{escape(money_text(limit))}</title></rect>')
        parts.append(f'<text x="{label_w + 6}" y="{y + 17}" font-size="12" fill="#111">'
                     f'{escape(percent_text(used.percent_of(limit) if limit.is_positive else 0))}</text>')
    parts.append("</svg>")
    return "".join(parts)
