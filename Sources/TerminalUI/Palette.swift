import Dashboard

/// The role-to-look tables of each theme variant, kept apart from the resolving logic so the colours
/// can be read (and changed) at a glance.
///
/// Warn and crit carry an attribute as well as a colour (bold, bold+reverse+underline) so a
/// colour-blind reader, a bad terminal palette or `mono` still tells them apart; up/down stay plain in
/// monochrome because the layout's ▲/▼ glyphs already say which way a value moved.
enum Palette {
    typealias Look = Theme.Look

    // Standard curses colour numbers (the 8 ANSI colours), named here so the 8-colour tables read.
    static let black: Int16 = 0, red: Int16 = 1, green: Int16 = 2, yellow: Int16 = 3
    static let blue: Int16 = 4, magenta: Int16 = 5, cyan: Int16 = 6, white: Int16 = 7

    /// 256 colours on a dark background: amber warn, red crit, grey dim, cyan focus.
    static let dark256: [Role: Look] = [
        .normal: Look(),
        .title: Look(75, bold: true),
        .columnHeader: Look(250),
        .border: Look(240),
        .focusBorder: Look(51, bold: true),
        .dim: Look(244),
        .warn: Look(214, bold: true),
        .crit: Look(196, bold: true),
        .up: Look(46),
        .down: Look(196),
        .demo: Look(201),
        .error: Look(203, bold: true),
        .selected: Look(reverse: true),
        .hint: Look(109),
    ]

    /// 256 colours on a light background: the same meanings, darker shades that read on white.
    static let light256: [Role: Look] = [
        .normal: Look(),
        .title: Look(25, bold: true),
        .columnHeader: Look(238),
        .border: Look(247),
        .focusBorder: Look(31, bold: true),
        .dim: Look(244),
        .warn: Look(166, bold: true),
        .crit: Look(160, bold: true),
        .up: Look(28),
        .down: Look(160),
        .demo: Look(127),
        .error: Look(160, bold: true),
        .selected: Look(reverse: true),
        .hint: Look(66),
    ]

    /// 8 colours, dark background: yellow for amber; no grey, so dim is the dim attribute.
    static let dark8: [Role: Look] = [
        .normal: Look(),
        .title: Look(cyan, bold: true),
        .columnHeader: Look(bold: true),
        .border: Look(),
        .focusBorder: Look(cyan, bold: true),
        .dim: Look(dim: true),
        .warn: Look(yellow, bold: true),
        .crit: Look(red, bold: true, reverse: true),
        .up: Look(green),
        .down: Look(red),
        .demo: Look(magenta),
        .error: Look(red, bold: true),
        .selected: Look(reverse: true),
        .hint: Look(dim: true),
    ]

    /// 8 colours, light background: yellow is unreadable on white, so warn is magenta there.
    static let light8: [Role: Look] = [
        .normal: Look(),
        .title: Look(blue, bold: true),
        .columnHeader: Look(bold: true),
        .border: Look(),
        .focusBorder: Look(blue, bold: true),
        .dim: Look(dim: true),
        .warn: Look(magenta, bold: true),
        .crit: Look(red, bold: true, reverse: true),
        .up: Look(green),
        .down: Look(red),
        .demo: Look(magenta),
        .error: Look(red, bold: true),
        .selected: Look(reverse: true),
        .hint: Look(dim: true),
    ]

    /// No colour at all: bold, reverse, underline and dim only. Crit is bold+reverse+underline so it
    /// differs from a warn cell (bold) and from a reversed WARN label (bold+reverse).
    static let mono: [Role: Look] = [
        .normal: Look(),
        .title: Look(bold: true),
        .columnHeader: Look(underline: true),
        .border: Look(),
        .focusBorder: Look(bold: true),
        .dim: Look(dim: true),
        .warn: Look(bold: true),
        .crit: Look(bold: true, reverse: true, underline: true),
        .up: Look(),
        .down: Look(),
        .demo: Look(reverse: true),
        .error: Look(bold: true, underline: true),
        .selected: Look(reverse: true),
        .hint: Look(dim: true),
    ]
}
