/// A credential value (token, key, secret) that cannot print itself: string interpolation, `print`,
/// `dump` and error messages all show `‹secret›`. ``reveal()`` is the one way out, used at the moment
/// the value goes on the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The value itself; call only where it is sent or signed.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "‹secret›" }
    public var debugDescription: String { "‹secret›" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
