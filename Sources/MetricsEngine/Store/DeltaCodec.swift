/// The store's compact form of one minute's delta: the minute (as an offset from its block's first
/// minute), a mask of the fields it sets, and those fields, each a LEB128 varint (zigzag for the
/// values, so a negative one costs no more than its size). A typical minute sets 3 to 8 of the 15
/// fields with small numbers, so it takes 10 to 25 bytes instead of the 124 of a minute and a full
/// ``ByTimeTotals``.
enum DeltaCodec {
    /// Appends the entry for `minuteOffset` (≥ 0) and `delta` to `bytes`.
    static func append(minuteOffset: Int64, _ delta: ByTimeTotals, to bytes: inout [UInt8]) {
        appendVarint(UInt64(bitPattern: minuteOffset), to: &bytes)
        var mask: UInt64 = 0
        for field in 0..<ByTimeTotals.fieldCount where delta[field: field] != 0 { mask |= 1 << UInt64(field) }
        appendVarint(mask, to: &bytes)
        var rest = mask
        while rest != 0 {
            let field = rest.trailingZeroBitCount
            rest &= rest - 1
            let value = delta[field: field]
            appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes)
        }
    }

    /// Reads the entry at `position` (moving it past the entry): its minute offset, and adds its
    /// delta to `total`.
    @inline(__always)
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, addingTo total: inout ByTimeTotals) -> Int64 {
        let offset = Int64(bitPattern: readVarint(bytes, at: &position))
        readDelta(bytes, at: &position, addingTo: &total)
        return offset
    }

    /// Reads the delta at `position`, just after an entry's minute offset, and adds it to `total`.
    @inline(__always)
    static func readDelta(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, addingTo total: inout ByTimeTotals) {
        var rest = readVarint(bytes, at: &position)
        while rest != 0 {
            let field = rest.trailingZeroBitCount
            rest &= rest - 1
            let raw = readVarint(bytes, at: &position)
            total.add(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))), toField: field)
        }
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// The bytes were written by ``appendVarint(_:to:)`` of this store, never read from outside.
    @inline(__always)
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
