/// What a cell means, not what colour it is: the terminal layer maps roles to a theme (256 colours,
/// 8 colours, monochrome), so the layout never decides colours and the board reads the same without them.
public enum Role: Sendable, Hashable, CaseIterable {
    case normal
    case title
    case columnHeader
    case border
    case focusBorder
    case dim
    case warn
    case crit
    case up
    case down
    case demo
    case error
    case selected
    case hint
}

public struct Style: Sendable, Hashable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = Style()
}
