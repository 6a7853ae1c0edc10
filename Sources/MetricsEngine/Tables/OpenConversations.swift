/// The open conversations by id, kept dense: their records lie side by side in ``values`` (a query
/// sweeps them as one array), with their ids in ``keys`` at the same positions and a ``StringIndex``
/// from id to position. A removal moves the last record into the hole, so nothing is ever skipped.
public struct OpenConversations: Sendable {
    public private(set) var keys: [String] = []
    /// Writable by position (``position(of:)``) within the engine: an event reads and writes its record
    /// with one look-up of its id.
    public internal(set) var values: [ConversationRuntime] = []
    private var index = StringIndex()

    public init() {}

    public var count: Int { values.count }

    public subscript(id: String) -> ConversationRuntime? {
        index.value(for: id).map { values[Int($0)] }
    }

    /// Where `id`'s record is in ``values``; valid until the next insertion or removal.
    func position(of id: String) -> Int? {
        index.value(for: id).map(Int.init)
    }

    /// Adds the record of a conversation that is not open yet.
    mutating func insert(_ conversation: ConversationRuntime, for id: String) {
        index.set(Int32(truncatingIfNeeded: values.count), for: id)
        keys.append(id)
        values.append(conversation)
    }

    /// Removes the record at `position`.
    mutating func remove(at position: Int) {
        let id = keys[position]
        let last = values.count - 1
        if position != last {
            values[position] = values[last]
            keys[position] = keys[last]
            index.set(Int32(truncatingIfNeeded: position), for: keys[position])
        }
        values.removeLast()
        keys.removeLast()
        index.remove(id)
    }
}
