"""Pixels of a screenshot, counted by the browser itself (no image library in the venv)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

_COUNT_MAGENTA = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] > 240 && d[i + 1] < 15 && d[i + 2] > 240) n++;
  }
  return n;
}"""


async def magenta_pixels(page: Any, data_uri: str) -> int:
    """Pixels of Playwright's mask colour (#FF00FF) in a PNG, counted by the browser itself."""
    await page.goto("about:blank")
    return int(await page.evaluate(_COUNT_MAGENTA, data_uri))


def png_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
