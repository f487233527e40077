"""Draw the Developer Center app's icons (static/pwa/icons/*.png) with Pillow.

    .venv/bin/python scripts/app_icons.py

Committed output; run again only when the design changes. A white speech bubble with a "V" on
the theme blue: plain shapes, so every size is drawn (not scaled) and stays crisp. The maskable
icon keeps its drawing inside the 80% safe circle Android crops to.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (48, 72, 96, 128, 144, 192, 256, 384, 512)
BLUE = (31, 78, 140, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "pwa" / "icons"


def draw(size: int, *, inset: float, rounded: bool) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges without anti-aliasing support
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    radius = big // 5 if rounded else 0
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=BLUE)
    pad = big * inset
    box = (pad, pad * 1.1, big - pad, big - pad * 1.5)
    pen.rounded_rectangle(box, radius=(box[3] - box[1]) / 4, fill=WHITE)
    tail_x = pad + (box[2] - box[0]) * 0.25
    pen.polygon(
        [(tail_x, box[3] - 2), (tail_x + big * 0.12, box[3] - 2), (tail_x, box[3] + big * 0.12)],
        fill=WHITE,
    )
    # The "V": two strokes meeting at the bottom centre of the bubble.
    cx = big / 2
    top = box[1] + (box[3] - box[1]) * 0.22
    bottom = box[3] - (box[3] - box[1]) * 0.22
    half = (box[2] - box[0]) * 0.2
    width = max(1, int(big * 0.06))
    pen.line(
        [(cx - half, top), (cx, bottom), (cx + half, top)], fill=BLUE, width=width, joint="curve"
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size, inset=0.18, rounded=True).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, inset=0.26, rounded=False).save(OUT / "maskable-512.png", optimize=True)
    print(f"{len(SIZES) + 1} icons in {OUT}")


if __name__ == "__main__":
    main()
