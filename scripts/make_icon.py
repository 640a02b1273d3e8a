"""Draw the application icon (a signpost) into resources/icons/: PNG 256/64/32 and ICO."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def arrow(size: int, points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath(QPointF(size * points[0][0], size * points[0][1]))
    for x, y in points[1:]:
        path.lineTo(size * x, size * y)
    path.closeSubpath()
    return path


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = QPainterPath()
    margin = size * 0.04
    frame.addRoundedRect(
        QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18
    )
    p.fillPath(frame, QColor("#1f4e79"))
    pen = QPen(QColor("white"), max(2.0, size * 0.06))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(size * 0.5, size * 0.22), QPointF(size * 0.5, size * 0.82))
    p.setPen(Qt.PenStyle.NoPen)
    p.fillPath(
        arrow(size, [(0.5, 0.28), (0.78, 0.28), (0.86, 0.36), (0.78, 0.44), (0.5, 0.44)]),
        QColor("#f2c14e"),
    )
    p.fillPath(
        arrow(size, [(0.5, 0.5), (0.22, 0.5), (0.14, 0.58), (0.22, 0.66), (0.5, 0.66)]),
        QColor("#9fd3c7"),
    )
    p.end()
    return img


def main() -> None:
    _app = QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (256, 64, 32):
        draw(size).save(str(OUT / f"asip-desktop-{size}.png"))
    draw(256).save(str(OUT / "asip-desktop.ico"))
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
