/// Strings to small integers: an open-addressing table (linear probing, at most half full) on
/// ``StringHash``, in one array of slots, each holding its hash, its value and its key.
///
/// What the engine needs of `[String: Int32]`, at a fraction of the cost per look-up (one probe, nearly
/// always; a string compare only on a matching hash). Removal shifts later entries back (no tombstones),
/// so a table with as many removals as insertions, the open conversations', never degrades.
struct StringIndex: Sendable {
    private struct Slot: Sendable {
        /// 0 for an empty slot.
        var hash: UInt64 = 0
        var value: Int32 = 0
        var key: String = ""
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0
    private let hasher = StringHash.process

    init() {
        slots = [Slot](repeating: Slot(), count: 16)
        mask = 15
    }

    /// The value for `key`, if it has one.
    @inline(__always)
    func value(for key: String) -> Int32? {
        let hash = hasher(key)
        return slots.withUnsafeBufferPointer { slots in
            var at = home(hash)
            while true {
                let slot = slots[at].hash
                if slot == 0 { return nil }
                if slot == hash, slots[at].key == key { return slots[at].value }
                at = (at + 1) & mask
            }
        }
    }

    /// Sets the value for `key`, adding the key if it is new.
    mutating func set(_ value: Int32, for key: String) {
        let hash = hasher(key)
        var at = home(hash)
        while slots[at].hash != 0 {
            if slots[at].hash == hash, slots[at].key == key {
                slots[at].value = value
                return
            }
            at = (at + 1) & mask
        }
        slots[at] = Slot(hash: hash, value: value, key: key)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    /// Removes `key` and its value; nothing if it has none.
    mutating func remove(_ key: String) {
        let hash = hasher(key)
        var at = home(hash)
        while true {
            let slot = slots[at].hash
            if slot == 0 { return }
            if slot == hash, slots[at].key == key { break }
            at = (at + 1) & mask
        }
        // Backward shift: each later entry of the run moves into the hole if the hole lies between its
        // home slot and where it is, so every entry stays reachable from its home without tombstones.
        var hole = at
        var next = (at + 1) & mask
        while slots[next].hash != 0 {
            let start = home(slots[next].hash)
            if (next - start) & mask >= (next - hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = Slot()
        count -= 1
    }

    /// Where a hash's probe starts. Not its lowest bit, which ``StringHash`` sets on every hash.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash &>> 1) & mask }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var at = home(slot.hash)
            while slots[at].hash != 0 { at = (at + 1) & mask }
            slots[at] = slot
        }
    }
}
