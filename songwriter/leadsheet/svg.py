"""SVG preview rendered by verovio from our MusicXML: one tall page, the whole song."""

from __future__ import annotations

from songwriter.errors import BackendError


def musicxml_to_svg(musicxml: bytes | str, width: int = 2100, scale: int = 40) -> str:
    """Render MusicXML to a single SVG page (verovio). BackendError if verovio refuses it."""
    try:
        import verovio
    except ImportError:
        raise BackendError("verovio is not installed: `pip install verovio` (SVG previews need it)") from None
    text = musicxml.decode("utf-8") if isinstance(musicxml, bytes) else musicxml
    toolkit = verovio.toolkit()
    verovio.enableLog(verovio.LOG_ERROR)
    toolkit.setOptions({
        "pageWidth": width, "pageHeight": 60000, "adjustPageHeight": True, "scale": scale,
        "breaks": "encoded", "footer": "none", "header": "auto", "lyricSize": 5.0,
        "minLastJustification": 0.0, "spacingLinear": 0.3,
    })
    if not toolkit.loadData(text):
        raise BackendError("verovio could not read the MusicXML: " + (toolkit.getLog() or "no detail")[:300])
    svg = toolkit.renderToSVG(1)
    if not svg or "<svg" not in svg:
        raise BackendError("verovio rendered no SVG")
    return svg
