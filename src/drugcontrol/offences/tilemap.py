"""A tile-grid map of Kazakhstan's regions as server-rendered SVG (no boundary file, no internet tiles).

Each region (ISO 3166-2:KZ) is one square placed roughly where it lies: west to east, north to south. The
fill is a choropleth of the value; a hidden (suppressed) value is hatched grey and says "x". Each tile links
to the drill-down of its region.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

#: (column, row) of each region on the grid, west→east, north→south.
TILES: dict[str, tuple[int, int]] = {
    "KZ-59": (4, 0),  # North Kazakhstan
    "KZ-55": (5, 0),  # Pavlodar
    "KZ-27": (0, 1),  # West Kazakhstan
    "KZ-39": (3, 1),  # Kostanay
    "KZ-11": (4, 1),  # Akmola
    "KZ-71": (5, 1),  # Astana
    "KZ-63": (7, 1),  # East Kazakhstan
    "KZ-23": (0, 2),  # Atyrau
    "KZ-15": (1, 2),  # Aktobe
    "KZ-62": (3, 2),  # Ulytau
    "KZ-35": (4, 2),  # Karaganda
    "KZ-10": (6, 2),  # Abai
    "KZ-47": (0, 3),  # Mangystau
    "KZ-43": (2, 3),  # Kyzylorda
    "KZ-31": (4, 3),  # Jambyl
    "KZ-19": (5, 3),  # Almaty region
    "KZ-33": (6, 3),  # Jetisu
    "KZ-61": (3, 4),  # Turkistan
    "KZ-79": (4, 4),  # Shymkent
    "KZ-75": (5, 4),  # Almaty
}

_PALETTE = ("#eef3f8", "#c9d9ea", "#9dbbdb", "#6b98c6", "#3b6ea5", "#1f4a78")


def tile_map_svg(
    values: Mapping[str, int | None],
    labels: Mapping[str, str],
    *,
    title: str,
    link: Callable[[str], str] | None = None,
    size: int = 64,
) -> str:
    """One square per region, coloured by its value; hidden values hatched."""
    known = [v for v in values.values() if v is not None]
    top = max(known) if known else 0
    width, height = 8 * (size + 4) + 8, 5 * (size + 4) + 36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="tile-map">',
        '<defs><pattern id="hidden" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ddd"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#aaa" stroke-width="2"/></pattern></defs>',
        f'<text x="4" y="18" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for code, (col, row) in TILES.items():
        x, y = 4 + col * (size + 4), 28 + row * (size + 4)
        value = values.get(code, 0)
        if value is None:
            fill, shown = "url(#hidden)", "x"
        else:
            step = 0 if not top or not value else min(len(_PALETTE) - 1, 1 + int((len(_PALETTE) - 2) * value / top))
            fill, shown = _PALETTE[step], f"{value:,}"
        dark = fill in _PALETTE[4:]
        name = labels.get(code, code)
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{fill}" stroke="#fff">'
            f"<title>{escape(name)}: {shown}</title></rect>"
            f'<text x="{x + 4}" y="{y + 14}" font-size="10" fill="{"#fff" if dark else "#222"}">'
            f"{escape(name[:11])}</text>"
            f'<text x="{x + 4}" y="{y + size - 8}" font-size="14" font-weight="bold" '
            f'fill="{"#fff" if dark else "#222"}">{shown}</text>'
        )
        if link is not None:
            tile = f'<a href="{escape(link(code))}" class="tile" data-region="{code}">{tile}</a>'
        parts.append(tile)
    parts.append("</svg>")
    return "".join(parts)
