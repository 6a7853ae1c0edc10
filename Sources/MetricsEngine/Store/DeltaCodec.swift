/// The store's compact form of one minute's delta, made to decode without a branch per byte:
///
/// - the minute, as a LEB128 varint offset from its block's first minute (one byte, nearly always);
/// - a 2-byte mask of the fields the delta sets (fields in ``ByTimeTotals/subscript(field:)`` order);
/// - a 2-bit width code per set field, packed low bits first (1 byte per 4 fields);
/// - each set field's value, little-endian, in 1, 2 or 3 bytes (the width code 0, 1, 2) when it is
///   below 2^24, else all 8 bytes of its two's complement (code 3), so a negative value costs 8.
///
/// A typical minute sets 3 to 8 of the 15 fields (counts of 1, sums of seconds to minutes in ms), so it
/// takes 8 to 22 bytes instead of the 124 of a minute and a full ``ByTimeTotals``. The decoder reads
/// each value with one 8-byte load and a mask; the buffer keeps ``padding`` zero bytes after the last
/// entry so that load never leaves it.
enum DeltaCodec {
    /// Zero bytes a buffer of entries ends with.
    static let padding = 8

    /// The most bytes one entry takes: a 10-byte offset, the mask, 4 bytes of width codes, 15 × 8.
    static let maxEntryBytes = 10 + 2 + 4 + 15 * 8

    /// Appends the entry for `minuteOffset` (≥ 0) and `delta` to `bytes` (before any padding: the
    /// caller adds it). The entry is built on the stack and appended at once: a byte-at-a-time append
    /// checked the array's capacity and uniqueness twenty times per entry, a sixth of ingest.
    static func append(minuteOffset: Int64, _ delta: ByTimeTotals, to bytes: inout [UInt8], padded: Bool = false) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxEntryBytes + padding) { entry in
            var n = 0
            var v = UInt64(bitPattern: minuteOffset)
            while v >= 0x80 {
                entry[n] = UInt8(truncatingIfNeeded: v) | 0x80
                n += 1
                v >>= 7
            }
            entry[n] = UInt8(v)
            n += 1
            var mask: UInt16 = 0
            var widths: UInt32 = 0
            var set = 0
            for field in 0..<ByTimeTotals.fieldCount {
                let value = delta[field: field]
                guard value != 0 else { continue }
                mask |= 1 << UInt16(field)
                widths |= UInt32(widthCode(value)) << UInt32(2 * set)
                set += 1
            }
            entry[n] = UInt8(truncatingIfNeeded: mask)
            entry[n + 1] = UInt8(truncatingIfNeeded: mask >> 8)
            n += 2
            for index in 0..<((2 * set + 7) / 8) {
                entry[n] = UInt8(truncatingIfNeeded: widths >> UInt32(8 * index))
                n += 1
            }
            for field in 0..<ByTimeTotals.fieldCount {
                let value = delta[field: field]
                guard value != 0 else { continue }
                let raw = UInt64(bitPattern: value)
                for index in 0..<byteCount(widthCode(value)) {
                    entry[n] = UInt8(truncatingIfNeeded: raw >> UInt64(8 * index))
                    n += 1
                }
            }
            if padded {
                // The buffer's padding goes in with the entry, in the same copy.
                for index in n..<(n + padding) { entry[index] = 0 }
                n += padding
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: entry[..<n]))
        }
    }

    /// Reads the entry's minute offset at `position`, moving past it.
    @inline(__always)
    static func readOffset(_ bytes: UnsafeRawBufferPointer, at position: inout Int) -> Int64 {
        Int64(bitPattern: readVarint(bytes, at: &position))
    }

    /// Reads the delta at `position` (just after its minute offset), moving past it, and adds it to
    /// `total`. `bytes` must hold ``padding`` bytes after the entry.
    @inline(__always)
    static func readDelta(_ bytes: UnsafeRawBufferPointer, at position: inout Int, addingTo total: inout ByTimeTotals) {
        var p = position
        var rest = UInt32(bytes.loadUnaligned(fromByteOffset: p, as: UInt16.self))
        p += 2
        let set = rest.nonzeroBitCount
        var widths = bytes.loadUnaligned(fromByteOffset: p, as: UInt32.self)
        p += (2 * set + 7) / 8
        withUnsafeMutableBytes(of: &total) { fields in
            while rest != 0 {
                let field = rest.trailingZeroBitCount
                rest &= rest &- 1
                let code = Int(widths & 3)
                widths >>= 2
                let size = byteCount(code)
                let value = bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self) & (UInt64.max &>> UInt64(64 &- 8 &* size))
                p += size
                let offset = field &* 8
                fields.storeBytes(
                    of: fields.load(fromByteOffset: offset, as: Int64.self) &+ Int64(bitPattern: value), toByteOffset: offset,
                    as: Int64.self)
            }
        }
        position = p
    }

    /// 0, 1, 2: the value fits that many bytes plus one, unsigned; 3: all eight.
    private static func widthCode(_ value: Int64) -> Int {
        if value < 0 || value >= 1 << 24 { return 3 }
        return value < 1 << 8 ? 0 : value < 1 << 16 ? 1 : 2
    }

    /// 1, 2, 3, 8 bytes for codes 0, 1, 2, 3, without a branch.
    @inline(__always)
    private static func byteCount(_ code: Int) -> Int { code &+ 1 &+ ((code >> 1) & code & 1) &* 4 }

    /// The bytes were written by ``append(minuteOffset:_:to:)`` of this store, never read from outside.
    @inline(__always)
    static func readVarint(_ bytes: UnsafeRawBufferPointer, at position: inout Int) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
