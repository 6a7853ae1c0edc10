/// A fast seeded hash of a string's UTF-8 bytes, for the engine's id tables.
///
/// Why not `Hasher`: every event looks up one or two ids (its conversation, its agent), and SipHash's
/// set-up and finalisation for a ten-byte id cost more than the rest of the look-up; the tables were a
/// fifth of ingest. This is a folded multiply per 16 bytes (as foldhash and wyhash do), seeded per
/// process so that ids crafted to collide cannot be worked out in advance.
struct StringHash: Sendable {
    private let seed: UInt64
    private let key: UInt64

    /// Drawn once per process: every table of the process hashes alike, so a table grows by moving the
    /// hashes it keeps, never hashing a string again.
    static let process = StringHash(seed: UInt64.random(in: .min ... .max), key: UInt64.random(in: .min ... .max) | 1)

    init(seed: UInt64, key: UInt64) {
        self.seed = seed
        self.key = key
    }

    /// The hash of `string`; never 0, which tables keep for an empty slot.
    @inline(__always)
    func callAsFunction(_ string: String) -> UInt64 {
        // Native strings (small ones too) lend their bytes; anything else is copied out first.
        let hash = string.utf8.withContiguousStorageIfAvailable { self.hash(UnsafeRawBufferPointer($0)) }
            ?? Array(string.utf8).withUnsafeBytes { self.hash($0) }
        return hash | 1
    }

    @inline(__always)
    private func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var state = seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while count - offset > 16 {
            let a = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let b = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            state = Self.fold(a ^ state, b ^ key)
            offset += 16
        }
        // The last 1 to 16 bytes (or none) in two loads that may overlap, as wyhash reads them: no loop
        // over single bytes (ids are mostly shorter than 16, so this is most of the hash). The length is
        // in the state already, so overlapping reads of different strings cannot meet.
        var a: UInt64 = 0
        var b: UInt64 = 0
        let rest = count - offset
        if rest >= 8 {
            a = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            b = bytes.loadUnaligned(fromByteOffset: offset + rest - 8, as: UInt64.self)
        } else if rest >= 4 {
            a = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            b = UInt64(bytes.loadUnaligned(fromByteOffset: offset + rest - 4, as: UInt32.self))
        } else if rest > 0 {
            a = UInt64(bytes[offset]) << 16 | UInt64(bytes[offset + rest / 2]) << 8 | UInt64(bytes[offset + rest - 1])
        }
        state = Self.fold(a ^ state, b ^ key)
        return Self.fold(state, key ^ 0x2D35_8DCC_AA6C_78A5)
    }

    /// The high and low halves of the 128-bit product, folded together.
    @inline(__always)
    private static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return product.high ^ product.low
    }
}
