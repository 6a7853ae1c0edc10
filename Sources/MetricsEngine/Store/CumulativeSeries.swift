/// One fact key's by-time totals per minute, sparse (only minutes with facts), compact, and cheap to
/// sum over any window.
///
/// Layout, for memory and for the sweep over thousands of keys:
/// - Inline in the struct (so in ``FactStore/series``, contiguous over keys): the totals before the
///   first kept minute (`base`), through the last one (`latest`), and the last minute's own delta
///   (`tail`, which may still grow). A window that ends now and starts before the key's first minute,
///   the common 24-hour query, is `latest - base`: no search, no load outside that array.
/// - The other minutes, as deltas in ``DeltaCodec``'s compact form, in blocks of up to
///   ``blockSize`` entries; each block keeps the running total before it (its checkpoint). Any
///   other bound costs a search among the block checkpoints (galloping from the newest, since windows
///   end near now) and at most twice ``blockSize`` decoded entries (a block that late minutes grew is
///   split past that), whatever the window's length.
///
/// About 55 bytes per minute entry held in all (the entry, its share of a block's checkpoint and
/// index, the arrays' slack), instead of 124 plus a deque's slack for a full running total per minute
/// (README, "How it is built").
///
/// Whole minutes only: a window's end instant (the first millisecond of the minute after its last
/// whole one, which the seed's "including bounds" takes in) is kept by ``FactStore`` apart from the
/// series, so the sweep over every key never looks for it.
public struct CumulativeSeries: Sendable {
    /// Entries per block: about what a bound decodes, and a checkpoint's share (128 bytes / 8).
    static let blockSize = 8

    /// Where a block begins, in minutes and in `bytes`: the part of a block the search reads.
    struct BlockStart: Sendable {
        var firstMinute: Int32
        var start: Int
    }

    /// The rest of a block (its start is its ``BlockStart``, same position in `blockIndex`).
    struct Block: Sendable {
        var lastMinute: Int32
        var count: Int
        /// Bytes from the block's start in `bytes`.
        var length: Int
        /// Everything before the block's first minute.
        var checkpoint: ByTimeTotals
    }

    // Field order is access order: what every bound reads first, so a query's pass over thousands of
    // keys touches as few cache lines of each as it can.
    private var firstMinute: Int32 = 0
    private var lastMinute: Int32 = 0
    public private(set) var entryCount = 0
    /// Each block's first minute and where its bytes start, apart from the blocks: the search probes
    /// this small array (a line or two) instead of a 150-byte block per probe, each probe a cache miss
    /// that the next depended on; and with the start known from here, the block's checkpoint and its
    /// bytes are fetched at once rather than one after the other.
    private var blockIndex: [BlockStart] = [] {
        didSet { blockCount = blockIndex.count }
    }
    /// `blockIndex.count`, inline: the first probe's address then waits on no load of the array's header.
    private var blockCount = 0
    /// Every minute but the last, in minute order.
    private var blocks: [Block] = []
    private var bytes: [UInt8] = []
    /// Everything through the last minute.
    private var latest = ByTimeTotals.zero
    /// Everything before the first kept minute.
    private var base = ByTimeTotals.zero
    /// The last minute's delta; not in a block yet.
    private var tail = ByTimeTotals.zero

    public init() {}

    /// Bytes held for the encoded minutes and their blocks (not the inline part), for the memory figure.
    public var encodedBytes: Int {
        bytes.capacity + blocks.capacity * MemoryLayout<Block>.stride + blockIndex.capacity * MemoryLayout<BlockStart>.stride
    }

    /// Adds `delta` at `minute`. A minute after the last appends; the same minute merges; an earlier
    /// one is merged into its block, which is re-encoded (split if it grows past twice the block size),
    /// and the checkpoints after it move.
    public mutating func add(_ delta: ByTimeTotals, at minute: Int32) {
        if entryCount == 0 {
            firstMinute = minute
            lastMinute = minute
            tail = delta
            latest = base + delta
            entryCount = 1
        } else if minute == lastMinute {
            tail += delta
            latest += delta
        } else if minute > lastMinute {
            encodeTail()
            lastMinute = minute
            tail = delta
            latest += delta
            entryCount += 1
        } else {
            insertLate(delta, at: minute)
        }
    }

    /// Totals of the whole minutes `from ..< to`. Inlined into the sweeps, so that a key with nothing
    /// since `from` (most keys of a short window) costs a compare.
    @inline(__always)
    public func totals(from: Int32, before to: Int32) -> ByTimeTotals {
        guard to > from, entryCount > 0, from <= lastMinute else { return .zero }
        return cumulative(before: to) - cumulative(before: from)
    }

    /// Totals of the whole minutes `anchorMinute ..< to`, given `anchor`, everything before
    /// `anchorMinute` (kept by ``FactStore`` for the window every board opens with): the search and
    /// decode for the window's start are already done.
    @inline(__always)
    public func totals(anchoredAt anchorMinute: Int32, _ anchor: ByTimeTotals, before to: Int32) -> ByTimeTotals {
        guard to > anchorMinute, entryCount > 0, anchorMinute <= lastMinute else { return .zero }
        return cumulative(before: to) - anchor
    }

    /// Everything before `minute`: what ``FactStore`` keeps per key for its anchor.
    func total(before minute: Int32) -> ByTimeTotals {
        entryCount == 0 ? base : cumulative(before: minute)
    }

    /// Totals between consecutive minute `boundaries` (ascending, at least two): `spans[k]` gets the
    /// whole minutes `boundaries[k] ..< boundaries[k+1]`, so the spans add up to
    /// ``totals(from:before:)`` over the whole range exactly. One forward walk: the block of each
    /// boundary is found from the previous one's by its header alone, and decoding goes on from where
    /// the previous boundary stopped when both fall in one block.
    public func partition(_ boundaries: [Int32], into spans: inout [ByTimeTotals]) {
        guard entryCount > 0 else {
            for k in spans.indices { spans[k] = .zero }
            return
        }
        bytes.withUnsafeBytes { buffer in
            var block = -1
            var position = 0
            var running = ByTimeTotals.zero
            var pendingOffset: Int64? = nil  // an entry's minute offset read but not yet added
            var previous = ByTimeTotals.zero
            for (k, boundary) in boundaries.enumerated() {
                let cumulative: ByTimeTotals
                if boundary <= firstMinute {
                    cumulative = base
                } else if boundary > lastMinute {
                    cumulative = latest
                } else {
                    var next = max(block, 0)
                    while next + 1 < blockCount, blockIndex[next + 1].firstMinute < boundary { next += 1 }
                    if next != block {
                        block = next
                        position = blockIndex[next].start
                        running = blocks[next].checkpoint
                        pendingOffset = nil
                    }
                    let end = blockIndex[block].start + blocks[block].length
                    let offset = Int64(boundary) - Int64(blockIndex[block].firstMinute)
                    while true {
                        if pendingOffset == nil, position < end {
                            pendingOffset = DeltaCodec.readOffset(buffer, at: &position)
                        }
                        guard let entry = pendingOffset, entry < offset else { break }
                        DeltaCodec.readDelta(buffer, at: &position, addingTo: &running)
                        pendingOffset = nil
                    }
                    cumulative = running
                }
                if k > 0 { spans[k - 1] = cumulative - previous }
                previous = cumulative
            }
        }
    }

    /// Forgets minutes before `cutoff`: their totals move into `base`.
    public mutating func evict(before cutoff: Int32) {
        guard entryCount > 0, firstMinute < cutoff else { return }
        if lastMinute < cutoff {
            base = latest
            tail = .zero
            entryCount = 0
            blocks = []
            blockIndex = []
            bytes = []
            return
        }
        var drop = 0
        while drop < blocks.count, blocks[drop].lastMinute < cutoff {
            entryCount -= blocks[drop].count
            drop += 1
        }
        blocks.removeFirst(drop)
        blockIndex.removeFirst(drop)
        if let first = blockIndex.first, first.firstMinute < cutoff {
            var entries = decode(0)
            let gone = entries.prefix { $0.minute < cutoff }
            var checkpoint = blocks[0].checkpoint
            for entry in gone { checkpoint += entry.delta }
            entries.removeFirst(gone.count)
            entryCount -= gone.count
            replaceBlock(0, with: entries, checkpoint: checkpoint)
        }
        base = blocks.first?.checkpoint ?? (latest - tail)
        firstMinute = blockIndex.first?.firstMinute ?? lastMinute
        compactBytes()
    }

    /// Every kept minute and its own delta, in minute order (for exports and checks, not for queries).
    public func forEachMinute(_ body: (Int32, ByTimeTotals) -> Void) {
        for index in blocks.indices { for entry in decode(index) { body(entry.minute, entry.delta) } }
        if entryCount > 0 { body(lastMinute, tail) }
    }

    // MARK: - Reading

    /// Everything before `minute`.
    @inline(__always)
    private func cumulative(before minute: Int32) -> ByTimeTotals {
        if minute <= firstMinute { return base }
        if minute > lastMinute { return latest }
        // A window ending now on a key active this minute: everything but the tail, no search.
        if minute == lastMinute { return latest - tail }
        // firstMinute < minute ≤ lastMinute: the answer lies in the blocks (the tail is excluded), and
        // block 0 starts at firstMinute, before `minute`.
        let index = lastBlock(before: minute)
        let start = blockIndex[index]
        var total = blocks[index].checkpoint
        let length = blocks[index].length
        bytes.withUnsafeBytes { buffer in
            var position = start.start
            let end = start.start + length
            let offset = Int64(minute) - Int64(start.firstMinute)
            while position < end {
                if DeltaCodec.readOffset(buffer, at: &position) >= offset { break }
                DeltaCodec.readDelta(buffer, at: &position, addingTo: &total)
            }
        }
        return total
    }

    /// The last block whose first minute is before `minute` (there is one: block 0's). Gallops from
    /// the newest block, then bisects: a window near now finds its block in a probe or two.
    @inline(__always)
    private func lastBlock(before minute: Int32) -> Int {
        var high = blockCount
        var probe = blockCount - 1
        var step = 1
        while probe > 0, blockIndex[probe].firstMinute >= minute {
            high = probe
            probe -= step
            step &*= 2
        }
        var low = max(probe, 0)
        while high - low > 1 {
            let mid = (low + high) / 2
            if blockIndex[mid].firstMinute < minute { low = mid } else { high = mid }
        }
        return low
    }

    /// Block `index`'s minutes and deltas.
    private func decode(_ index: Int) -> [(minute: Int32, delta: ByTimeTotals)] {
        var entries: [(minute: Int32, delta: ByTimeTotals)] = []
        entries.reserveCapacity(blocks[index].count)
        let start = blockIndex[index]
        let end = start.start + blocks[index].length
        bytes.withUnsafeBytes { buffer in
            var position = start.start
            while position < end {
                var delta = ByTimeTotals.zero
                let offset = DeltaCodec.readOffset(buffer, at: &position)
                DeltaCodec.readDelta(buffer, at: &position, addingTo: &delta)
                entries.append((Int32(truncatingIfNeeded: Int64(start.firstMinute) + offset), delta))
            }
        }
        return entries
    }

    // MARK: - Writing

    /// Moves the tail (the entry at `lastMinute`) into the last block, or a new one when that is full.
    private mutating func encodeTail() {
        if !bytes.isEmpty { bytes.removeLast(DeltaCodec.padding) }
        if blocks.isEmpty || blocks[blocks.count - 1].count >= Self.blockSize {
            blocks.append(Block(lastMinute: lastMinute, count: 0, length: 0, checkpoint: latest - tail))
            blockIndex.append(BlockStart(firstMinute: lastMinute, start: bytes.count))
        }
        let last = blocks.count - 1
        let before = bytes.count
        DeltaCodec.append(minuteOffset: Int64(lastMinute) - Int64(blockIndex[last].firstMinute), tail, to: &bytes, padded: true)
        blocks[last].length += bytes.count - before - DeltaCodec.padding
        blocks[last].count += 1
        blocks[last].lastMinute = lastMinute
    }

    /// Where the last block's bytes end (the padding follows).
    private var dataEnd: Int {
        guard let last = blockIndex.last else { return 0 }
        return last.start + blocks[blocks.count - 1].length
    }

    /// A minute before the last one: merged into the block it falls in (the first block if it comes
    /// before every minute), with every later checkpoint and `latest` moved by `delta`.
    private mutating func insertLate(_ delta: ByTimeTotals, at minute: Int32) {
        latest += delta
        if blocks.isEmpty {
            // Only the tail so far: this minute becomes the first encoded one.
            blocks.append(Block(lastMinute: minute, count: 0, length: 0, checkpoint: base))
            blockIndex.append(BlockStart(firstMinute: minute, start: bytes.count))
            replaceBlock(0, with: [(minute, delta)], checkpoint: base)
            entryCount += 1
            firstMinute = minute
            return
        }
        var index = 0
        while index + 1 < blockCount, blockIndex[index + 1].firstMinute <= minute { index += 1 }
        var entries = decode(index)
        if let at = entries.firstIndex(where: { $0.minute >= minute }), entries[at].minute == minute {
            entries[at].delta += delta
        } else {
            let at = entries.firstIndex(where: { $0.minute > minute }) ?? entries.count
            entries.insert((minute, delta), at: at)
            entryCount += 1
        }
        for later in (index + 1)..<blocks.count { blocks[later].checkpoint += delta }
        replaceBlock(index, with: entries, checkpoint: blocks[index].checkpoint)
        firstMinute = min(firstMinute, minute)
    }

    /// Re-encodes block `index` as `entries` (split in two past twice the block size, dropped when
    /// empty), shifting the bytes and the starts of the blocks after it.
    private mutating func replaceBlock(_ index: Int, with entries: [(minute: Int32, delta: ByTimeTotals)], checkpoint: ByTimeTotals) {
        let oldStart = blockIndex[index].start
        let oldLength = blocks[index].length
        var encoded: [UInt8] = []
        var replacements: [Block] = []
        var starts: [BlockStart] = []
        var running = checkpoint
        let parts = entries.count > 2 * Self.blockSize ? [entries[..<Self.blockSize], entries[Self.blockSize...]] : [entries[...]]
        for part in parts where !part.isEmpty {
            let first = part[part.startIndex].minute
            let start = oldStart + encoded.count
            let before = encoded.count
            let partCheckpoint = running
            for entry in part {
                DeltaCodec.append(minuteOffset: Int64(entry.minute) - Int64(first), entry.delta, to: &encoded)
                running += entry.delta
            }
            replacements.append(Block(
                lastMinute: part[part.endIndex - 1].minute, count: part.count, length: encoded.count - before,
                checkpoint: partCheckpoint))
            starts.append(BlockStart(firstMinute: first, start: start))
        }
        bytes.replaceSubrange(oldStart..<(oldStart + oldLength), with: encoded)
        let shift = encoded.count - oldLength
        blocks.replaceSubrange(index...index, with: replacements)
        blockIndex.replaceSubrange(index...index, with: starts)
        for later in (index + starts.count)..<blockCount { blockIndex[later].start += shift }
        // A first block in an empty buffer has no padding behind it yet.
        if bytes.count < dataEnd + DeltaCodec.padding {
            bytes.removeSubrange(dataEnd...)
            bytes.append(contentsOf: repeatElement(0, count: DeltaCodec.padding))
        }
    }

    /// Drops the bytes before the first block once they are most of the buffer (evicted blocks leave
    /// them behind, so eviction is not a copy of the whole series every minute).
    private mutating func compactBytes() {
        let dead = blockIndex.first?.start ?? bytes.count
        guard dead > 0, dead * 2 >= bytes.count else { return }
        bytes.removeFirst(dead)
        for index in blockIndex.indices { blockIndex[index].start -= dead }
        if bytes.capacity > 2 * bytes.count + 64 { bytes = Array(bytes) }
    }
}
