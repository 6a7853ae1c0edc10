/// Fact keys to their series index: an open-addressing table (linear probing, at most half full) in
/// one array, hashed by a multiply-and-fold of the key's three integers.
///
/// What ``FactStore`` needs of `[FactKey: Int]` on every fact it records (several per event at
/// `serve`'s start): SipHash's set-up and finalisation for 12 bytes cost more than the look-up. The
/// hash is seeded per process, like ``StringHash``, so keys cannot be chosen to collide in advance
/// (and they are indices the engine assigns, not input).
struct FactKeyIndex: Sendable {
    private struct Slot: Sendable {
        var key = FactKey(skill: 0, group: 0, agent: 0)
        /// -1 for an empty slot.
        var value: Int32 = -1
    }

    private var slots = [Slot](repeating: Slot(), count: 64)
    private var mask = 63
    private(set) var count = 0
    private static let seed = UInt64.random(in: .min ... .max) | 1

    @inline(__always)
    private func home(_ key: FactKey) -> Int {
        let packed = UInt64(UInt32(bitPattern: key.skill)) << 32 | UInt64(UInt32(bitPattern: key.group))
        let product = (packed ^ Self.seed).multipliedFullWidth(by: (UInt64(UInt32(bitPattern: key.agent)) | 1 << 32) &* 0x9E37_79B9_7F4A_7C15)
        return Int(truncatingIfNeeded: product.high ^ product.low) & mask
    }

    func value(for key: FactKey) -> Int? {
        var at = home(key)
        while true {
            let slot = slots[at]
            if slot.value < 0 { return nil }
            if slot.key == key { return Int(slot.value) }
            at = (at + 1) & mask
        }
    }

    /// Adds `key` (not in the table yet) with `value`.
    mutating func insert(_ key: FactKey, value: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        var at = home(key)
        while slots[at].value >= 0 { at = (at + 1) & mask }
        slots[at] = Slot(key: key, value: Int32(truncatingIfNeeded: value))
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.value >= 0 {
            var at = home(slot.key)
            while slots[at].value >= 0 { at = (at + 1) & mask }
            slots[at] = slot
        }
    }
}
