/// A test's own failure, with words (thrown where `#require` cannot say enough).
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
