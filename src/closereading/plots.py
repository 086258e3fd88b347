"""Charts: one message each, titled, with labelled axes, a colour-blind-safe palette and a
caption in text that says what the reader should see.

Figures are made with ``matplotlib.figure.Figure`` rather than ``pyplot``, so that they are
displayed once, never pile up in memory, and need no ``plt.show()``. A :class:`Chart`
shows the image and, below it, its caption as text; without a kernel (nbconvert, GitHub)
the caption still reads, and the image's text alternative names the chart.
"""

from __future__ import annotations

import base64
import io

from closereading.html import Rich, esc

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
FIGSIZE = (7.0, 3.6)
DPI = 100


class Chart:
    """A figure with its title and caption."""

    def __init__(self, figure, title: str, caption: str):
        self.figure = figure
        self.title = title
        self.caption = caption

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=DPI, bbox_inches="tight",
                            metadata={"Software": None})
        return buf.getvalue()

    @property
    def alt(self) -> str:
        return f"Chart: {self.title}"

    def caption_view(self) -> Rich:
        return Rich(f'<p style="margin-top:0"><em>Figure:</em> {esc(self.caption)}</p>',
                    f"Figure: {self.caption}")

    def _ipython_display_(self):
        from IPython.display import display
        display({"image/png": base64.b64encode(self.png()).decode("ascii"),
                 "text/plain": self.alt}, raw=True)
        display(self.caption_view())

    def __repr__(self) -> str:
        return f"{self.alt}\nFigure: {self.caption}"


def new_figure(figsize=FIGSIZE):
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def bar(labels, values, *, title: str, xlabel: str, ylabel: str, caption: str,
        horizontal: bool = True, color: str = PALETTE[0], annotate: bool = True) -> Chart:
    """A bar chart: one series, one colour, values written on the bars."""
    fig, ax = new_figure()
    labels, values = list(labels), list(values)
    if horizontal:
        positions = range(len(labels))[::-1]  # first label on top
        bars = ax.barh(list(positions), values, color=color)
        ax.set_yticks(list(positions), labels)
    else:
        bars = ax.bar(range(len(labels)), values, color=color)
        ax.set_xticks(range(len(labels)), labels)
    if annotate:
        ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if horizontal:
        ax.margins(x=0.12)
    return Chart(fig, title, caption)
