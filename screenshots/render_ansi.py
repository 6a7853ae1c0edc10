#!/usr/bin/env python3
"""Render a terminal screen captured with `tmux capture-pane -e -p -N` to a PNG.

    python3 render_ansi.py --cols 120 --rows 40 screen.ans out.png

Understands what tmux writes with -e: SGR only (colours 16/256/truecolour, bold, dim, italic,
underline, blink, reverse, hidden, strike-through). Wide characters (East Asian Wide/Fullwidth)
take two cells, as they do in tmux (which writes no padding cell for them). Box-drawing lines and
block elements are drawn as shapes, so borders join and sparklines fill whole cells whatever the
font; everything else is drawn from fonts found through fontconfig:

    DejaVu Sans Mono (Debian: fonts-dejavu-core)  text, arrows, punctuation
    DejaVu Sans                                    symbols the mono face lacks
    Noto Sans CJK JP (fonts-noto-cjk) or IPAGothic (fonts-ipafont-gothic)   Japanese

Needs Python 3 and Pillow (`pip install pillow`). A character no font has is drawn as the
font's "missing" box and listed on stderr, so a gap never goes unnoticed.
"""
import argparse
import re
import subprocess
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

# A dark terminal: background, foreground, and the 16 base colours (Tango-like, as many
# terminals ship them); 16–255 are xterm's standard cube and grey ramp.
DEFAULT_BG = (0x1c, 0x1e, 0x22)
DEFAULT_FG = (0xd4, 0xd4, 0xd4)
BASE16 = [
    (0x2e, 0x34, 0x36), (0xcc, 0x00, 0x00), (0x4e, 0x9a, 0x06), (0xc4, 0xa0, 0x00),
    (0x34, 0x65, 0xa4), (0x75, 0x50, 0x7b), (0x06, 0x98, 0x9a), (0xd3, 0xd7, 0xcf),
    (0x55, 0x57, 0x53), (0xef, 0x29, 0x29), (0x8a, 0xe2, 0x34), (0xfc, 0xe9, 0x4f),
    (0x72, 0x9f, 0xcf), (0xad, 0x7f, 0xa8), (0x34, 0xe2, 0xe2), (0xee, 0xee, 0xec),
]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Attr:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse", "hidden", "strike")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None  # None = the terminal's default
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = False
        self.reverse = self.hidden = self.strike = False

    def copy(self):
        a = Attr()
        for k in Attr.__slots__:
            setattr(a, k, getattr(self, k))
        return a


def apply_sgr(attr, params):
    # Split "38:5:196" sub-parameters the same way as "38;5;196".
    raw = params.replace(":", ";").split(";") if params else ["0"]
    p = [int(x) if x.isdigit() else 0 for x in raw]
    i = 0
    while i < len(p):
        c = p[i]
        if c == 0:
            attr.reset()
        elif c == 1:
            attr.bold = True
        elif c == 2:
            attr.dim = True
        elif c == 3:
            attr.italic = True
        elif c == 4:
            attr.underline = True
        elif c == 7:
            attr.reverse = True
        elif c == 8:
            attr.hidden = True
        elif c == 9:
            attr.strike = True
        elif c == 21:
            attr.underline = True  # double underline, drawn single
        elif c == 22:
            attr.bold = attr.dim = False
        elif c == 23:
            attr.italic = False
        elif c == 24:
            attr.underline = False
        elif c == 27:
            attr.reverse = False
        elif c == 28:
            attr.hidden = False
        elif c == 29:
            attr.strike = False
        elif 30 <= c <= 37:
            attr.fg = BASE16[c - 30]
        elif 40 <= c <= 47:
            attr.bg = BASE16[c - 40]
        elif 90 <= c <= 97:
            attr.fg = BASE16[c - 90 + 8]
        elif 100 <= c <= 107:
            attr.bg = BASE16[c - 100 + 8]
        elif c == 39:
            attr.fg = None
        elif c == 49:
            attr.bg = None
        elif c in (38, 48, 58):
            colour = None
            if i + 2 < len(p) and p[i + 1] == 5:
                colour = xterm256(p[i + 2] & 255)
                i += 2
            elif i + 4 < len(p) and p[i + 1] == 2:
                colour = tuple(v & 255 for v in p[i + 2:i + 5])
                i += 4
            if c == 38:
                attr.fg = colour
            elif c == 48:
                attr.bg = colour
        i += 1


def char_width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


CSI = re.compile(r"\x1b\[([0-9;:?]*)([@-~])|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def parse(text, cols, rows):
    """The screen as rows of cells: (char, attr, width); a wide char's second cell is None."""
    screen = []
    for line in text.split("\n")[:rows]:
        attr = Attr()
        cells = []
        pos = 0
        for m in CSI.finditer(line + "\x1b[m"):
            for ch in line[pos:m.start()]:
                if ch == "\t":
                    while len(cells) % 8 and len(cells) < cols:
                        cells.append((" ", attr.copy(), 1))
                    continue
                w = char_width(ch)
                if w == 0:
                    if cells and cells[-1] is not None:
                        c, a, cw = cells[-1]
                        cells[-1] = (c + ch, a, cw)
                    continue
                cells.append((ch, attr.copy(), w))
                if w == 2:
                    cells.append(None)
            pos = m.end()
            if m.group(2) == "m" and m.group(1) is not None and "?" not in m.group(1):
                apply_sgr(attr, m.group(1))
        screen.append(cells[:cols])
    while len(screen) < rows:
        screen.append([])
    return screen


def fc_font(family, style=""):
    """(path, index) of a fontconfig family, or None when fontconfig only offers a substitute."""
    pattern = family + (":" + style if style else "")
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    fams, path, index = (out.split("\t") + ["", "", "0"])[:3]
    if family.lower() not in fams.lower():
        return None
    return path, int(index or 0)


class Fonts:
    def __init__(self, size):
        self.size = size
        want = {
            "mono": [("DejaVu Sans Mono", "")],
            "mono-bold": [("DejaVu Sans Mono", "bold")],
            "mono-italic": [("DejaVu Sans Mono", "oblique")],
            "mono-bold-italic": [("DejaVu Sans Mono", "bold:oblique")],
            "sans": [("DejaVu Sans", "")],
            "sans-bold": [("DejaVu Sans", "bold")],
            "cjk": [("Noto Sans CJK JP", ""), ("Noto Sans Mono CJK JP", ""), ("IPAGothic", ""),
                    ("Noto Sans CJK SC", "")],
            "cjk-bold": [("Noto Sans CJK JP", "bold"), ("Noto Sans Mono CJK JP", "bold"),
                         ("IPAGothic", ""), ("Noto Sans CJK SC", "bold")],
        }
        self.faces = {}
        for key, candidates in want.items():
            for family, style in candidates:
                found = fc_font(family, style)
                if found:
                    self.faces[key] = ImageFont.truetype(found[0], size, index=found[1])
                    break
        if "mono" not in self.faces:
            sys.exit("render_ansi.py: no 'DejaVu Sans Mono' font (Debian: apt-get install fonts-dejavu-core)")
        if "cjk" not in self.faces:
            print("render_ansi.py: no CJK font (Debian: apt-get install fonts-noto-cjk); "
                  "Japanese will show as boxes", file=sys.stderr)
        for key, base in (("mono-bold", "mono"), ("mono-italic", "mono"), ("mono-bold-italic", "mono-bold"),
                          ("sans-bold", "sans"), ("cjk-bold", "cjk")):
            if key not in self.faces and base in self.faces:
                self.faces[key] = self.faces[base]
        self._notdef = {}
        self._has = {}
        self.missing = set()

    def _signature(self, font, ch):
        mask = font.getmask(ch)
        return mask.size, bytes(mask)

    def has(self, key, ch):
        font = self.faces.get(key)
        if font is None:
            return False
        if (key, ch) not in self._has:
            if key not in self._notdef:
                self._notdef[key] = self._signature(font, "\U0010fffd")
            self._has[(key, ch)] = self._signature(font, ch) != self._notdef[key]
        return self._has[(key, ch)]

    def pick(self, ch, bold, italic, wide):
        style = "-bold" if bold else ""
        order = ["cjk", "mono", "sans"] if wide else ["mono", "sans", "cjk"]
        for base in order:
            key = base + style
            if base == "mono" and italic:
                key = "mono-bold-italic" if bold else "mono-italic"
            if self.has(key, ch):
                return self.faces[key]
        self.missing.add(ch)
        return self.faces["mono"]


# Box drawing: (up, right, down, left) with 1 = light, 2 = heavy, 3 = double.
BOX = {}
_box_names = {
    "─": (0, 1, 0, 1), "━": (0, 2, 0, 2), "│": (1, 0, 1, 0), "┃": (2, 0, 2, 0),
    "┌": (0, 1, 1, 0), "┐": (0, 0, 1, 1), "└": (1, 1, 0, 0), "┘": (1, 0, 0, 1),
    "├": (1, 1, 1, 0), "┤": (1, 0, 1, 1), "┬": (0, 1, 1, 1), "┴": (1, 1, 0, 1), "┼": (1, 1, 1, 1),
    "┏": (0, 2, 2, 0), "┓": (0, 0, 2, 2), "┗": (2, 2, 0, 0), "┛": (2, 0, 0, 2),
    "┣": (2, 2, 2, 0), "┫": (2, 0, 2, 2), "┳": (0, 2, 2, 2), "┻": (2, 2, 0, 2), "╋": (2, 2, 2, 2),
    "═": (0, 3, 0, 3), "║": (3, 0, 3, 0), "╔": (0, 3, 3, 0), "╗": (0, 0, 3, 3), "╚": (3, 3, 0, 0),
    "╝": (3, 0, 0, 3), "╠": (3, 3, 3, 0), "╣": (3, 0, 3, 3), "╦": (0, 3, 3, 3), "╩": (3, 3, 0, 3),
    "╬": (3, 3, 3, 3),
    "╭": (0, 1, 1, 0), "╮": (0, 0, 1, 1), "╯": (1, 0, 0, 1), "╰": (1, 1, 0, 0),
    "╴": (0, 0, 0, 1), "╵": (1, 0, 0, 0), "╶": (0, 1, 0, 0), "╷": (0, 0, 1, 0),
    "╸": (0, 0, 0, 2), "╹": (2, 0, 0, 0), "╺": (0, 2, 0, 0), "╻": (0, 0, 2, 0),
}
BOX.update(_box_names)


def draw_box(draw, x, y, w, h, ch, colour, light):
    up, right, down, left = BOX[ch]
    cx, cy = x + w // 2, y + h // 2
    for weight, seg in ((up, "u"), (right, "r"), (down, "d"), (left, "l")):
        if not weight:
            continue
        t = light * 2 if weight == 2 else light
        offsets = [-light, light] if weight == 3 else [0]
        for off in offsets:
            if seg in ("u", "d"):
                x0 = cx - t // 2 + off
                y0, y1 = (y, cy + (t + 1) // 2) if seg == "u" else (cy - t // 2, y + h)
                draw.rectangle([x0, y0, x0 + t - 1, y1 - 1], fill=colour)
            else:
                y0 = cy - t // 2 + off
                x0, x1 = (x, cx + (t + 1) // 2) if seg == "l" else (cx - t // 2, x + w)
                draw.rectangle([x0, y0, x1 - 1, y0 + t - 1], fill=colour)


def draw_block(draw, x, y, w, h, ch, colour, bg):
    o = ord(ch)
    if 0x2581 <= o <= 0x2588:  # ▁ … █: lower eighths
        top = y + h - round(h * (o - 0x2580) / 8)
        draw.rectangle([x, top, x + w - 1, y + h - 1], fill=colour)
    elif 0x2589 <= o <= 0x258F:  # ▉ … ▏: left eighths
        right = x + round(w * (0x2590 - o) / 8)
        draw.rectangle([x, y, right - 1, y + h - 1], fill=colour)
    elif o == 0x2580:  # ▀
        draw.rectangle([x, y, x + w - 1, y + h // 2 - 1], fill=colour)
    elif o == 0x2590:  # ▐
        draw.rectangle([x + w // 2, y, x + w - 1, y + h - 1], fill=colour)
    elif o == 0x2594:  # ▔
        draw.rectangle([x, y, x + w - 1, y + max(1, h // 8) - 1], fill=colour)
    elif o == 0x2595:  # ▕
        draw.rectangle([x + w - max(1, w // 8), y, x + w - 1, y + h - 1], fill=colour)
    elif o in (0x2591, 0x2592, 0x2593):  # ░ ▒ ▓
        k = {0x2591: 0.25, 0x2592: 0.5, 0x2593: 0.75}[o]
        mix = tuple(round(b + (f - b) * k) for f, b in zip(colour, bg))
        draw.rectangle([x, y, x + w - 1, y + h - 1], fill=mix)
    else:
        return False
    return True


def is_block(ch):
    o = ord(ch)
    return 0x2580 <= o <= 0x2595


def render(screen, cols, rows, out, font_size=15, pad=12):
    fonts = Fonts(font_size)
    mono = fonts.faces["mono"]
    monos = [f for k, f in fonts.faces.items() if k.startswith("mono")]
    cw = round(mono.getlength("M"))
    ascent, descent = mono.getmetrics()
    ch_ = ascent + descent
    light = max(1, round(font_size / 14))
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch_ + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)

    def colours(a):
        fg = a.fg if a.fg is not None else DEFAULT_FG
        bg = a.bg if a.bg is not None else DEFAULT_BG
        if a.dim:
            fg = tuple(round((f + b) / 2) for f, b in zip(fg, bg))
        if a.reverse:
            fg, bg = bg, fg
        if a.hidden:
            fg = bg
        return fg, bg

    # Backgrounds first, then glyphs, so a glyph that overhangs its cell is not cut by the next.
    for r, cells in enumerate(screen):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            _, a, w = cell
            fg, bg = colours(a)
            if bg != DEFAULT_BG:
                x, y = pad + c * cw, pad + r * ch_
                draw.rectangle([x, y, x + w * cw - 1, y + ch_ - 1], fill=bg)
    for r, cells in enumerate(screen):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            text, a, w = cell
            fg, bg = colours(a)
            x, y = pad + c * cw, pad + r * ch_
            span = w * cw
            ch = text[0]
            if ch in BOX:
                draw_box(draw, x, y, span, ch_, ch, fg, light)
            elif is_block(ch) and draw_block(draw, x, y, span, ch_, ch, fg, bg):
                pass
            elif not text.isspace():
                font = fonts.pick(ch, a.bold, a.italic, w == 2)
                adv = font.getlength(text)
                if adv > span * 1.05 and font not in monos:
                    # A proportional fallback glyph wider than its cells: shrink it to fit.
                    size = max(6, int(font.size * span / adv))
                    font = font.font_variant(size=size)
                    adv = font.getlength(text)
                gx = x + (span - adv) / 2  # monospace glyphs fill their cell; others are centred
                draw.text((gx, y + ascent), text, font=font, fill=fg, anchor="ls")
            if a.underline:
                uy = y + ascent + max(1, descent // 3)
                draw.rectangle([x, uy, x + span - 1, uy + light - 1], fill=fg)
            if a.strike:
                sy = y + ch_ // 2
                draw.rectangle([x, sy, x + span - 1, sy + light - 1], fill=fg)
    if fonts.missing:
        print("render_ansi.py: no font has " + " ".join(
            "U+%04X %s" % (ord(m), m) for m in sorted(fonts.missing)), file=sys.stderr)
    # Few distinct colours: a palette image is a fraction of the size and looks the same.
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, optimize=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--font-size", type=int, default=15)
    ap.add_argument("capture", help="output of tmux capture-pane -e -p -N")
    ap.add_argument("png")
    args = ap.parse_args()
    with open(args.capture, encoding="utf-8", errors="replace") as f:
        text = f.read()
    render(parse(text, args.cols, args.rows), args.cols, args.rows, args.png, args.font_size)


if __name__ == "__main__":
    main()
