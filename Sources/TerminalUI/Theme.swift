import Dashboard

/// Colour themes by name. The layout speaks in `Role`s; a theme decides what each role looks like.
public enum ThemeName: String, Sendable, CaseIterable {
    case dark, light, mono
}

/// Maps roles to terminal attributes for one terminal's abilities: 256 colours, 8 colours or none.
///
/// Pure data (no curses calls), so the mapping is tested without a terminal. Every role a threshold
/// state can take stays distinguishable without colour: the layout adds glyphs, and the monochrome
/// variant still tells crit from warn by attribute.
public struct Theme: Sendable, Equatable {
    /// What the terminal can show, chosen once at start-up.
    public enum Variant: Sendable, Equatable {
        case colors256, colors8, mono
    }

    /// How one role is drawn: a foreground colour (nil: the terminal's own) and plain attributes.
    public struct Look: Sendable, Hashable {
        public var foreground: Int16?
        public var bold = false
        public var reverse = false
        public var underline = false
        public var dim = false

        public init(_ foreground: Int16? = nil, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
            self.foreground = foreground
            self.bold = bold
            self.reverse = reverse
            self.underline = underline
            self.dim = dim
        }
    }

    /// What a cell is drawn with. `pair` is a curses colour pair number; 0 means the default colours.
    public struct Attributes: Sendable, Hashable {
        public var pair: Int16 = 0
        public var bold = false
        public var reverse = false
        public var underline = false
        public var dim = false

        public init(pair: Int16 = 0, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
            self.pair = pair
            self.bold = bold
            self.reverse = reverse
            self.underline = underline
            self.dim = dim
        }
    }

    /// A colour pair to initialise: number and foreground; the background is the terminal's default.
    public struct ColorPair: Sendable, Hashable {
        public var number: Int16
        public var foreground: Int16
    }

    /// The theme as applied: `.mono` when colour was not available or not wanted, whatever was asked.
    public let name: ThemeName
    public let variant: Variant
    private let looks: [Role: Look]

    /// Curses colour-pair numbers, one per role that has a colour; stable (the role's position in
    /// `Role.allCases`, plus one because pair 0 is reserved for the default colours).
    public var pairs: [ColorPair] {
        Role.allCases.enumerated().compactMap { index, role in
            looks[role]?.foreground.map { ColorPair(number: Int16(index + 1), foreground: $0) }
        }
    }

    /// The theme to use: `mono` by name, under NO_COLOR, or when the terminal has fewer than 8 colours
    /// (pass 0 when `has_colors()` is false); 8-colour approximations below 256 colours.
    public static func resolve(_ name: ThemeName, colors: Int, noColor: Bool) -> Theme {
        let variant: Variant =
            if name == .mono || noColor || colors < 8 { .mono }
            else if colors < 256 { .colors8 }
            else { .colors256 }
        let looks: [Role: Look] =
            switch (variant, name) {
            case (.mono, _): Palette.mono
            case (.colors8, .light): Palette.light8
            case (.colors8, _): Palette.dark8
            case (.colors256, .light): Palette.light256
            case (.colors256, _): Palette.dark256
            }
        return Theme(name: variant == .mono ? .mono : name, variant: variant, looks: looks)
    }

    /// NO_COLOR (https://no-color.org): present and not empty means no colour.
    public static func noColorRequested(in environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }

    /// The look of a role in this theme (normal when the theme says nothing about it).
    public func look(for role: Role) -> Look { looks[role] ?? Look() }

    /// The attributes for a style: the role's look, plus the style's own bold and reverse.
    public func attributes(for style: Style) -> Attributes {
        let look = look(for: style.role)
        var pair: Int16 = 0
        if look.foreground != nil, let index = Role.allCases.firstIndex(of: style.role) {
            pair = Int16(index + 1)
        }
        return Attributes(
            pair: pair,
            bold: look.bold || style.bold,
            reverse: look.reverse || style.reverse,
            underline: look.underline,
            dim: look.dim
        )
    }
}
