/// Sums and counts of everything the by-time metrics are made of. Averages are never stored: they are
/// recomputed from sums and counts at the level asked for, so sub-group roll-ups stay exact.
public struct ByTimeTotals: Sendable, Hashable {
    public var waitSum: Int64 = 0
    public var waitCount: Int64 = 0
    public var firstWaitSum: Int64 = 0
    public var firstWaitCount: Int64 = 0
    public var responseSum: Int64 = 0
    public var responseCount: Int64 = 0
    public var firstResponseSum: Int64 = 0
    public var firstResponseCount: Int64 = 0
    public var closedByAgent: Int64 = 0
    public var closedByConsumer: Int64 = 0
    public var autoClosed: Int64 = 0
    public var durationSum: Int64 = 0
    public var durationCount: Int64 = 0
    public var csatTopTwo: Int64 = 0
    public var csatCount: Int64 = 0

    public init() {}

    public static let zero = ByTimeTotals()

    public var isZero: Bool { self == .zero }

    public static func += (lhs: inout ByTimeTotals, rhs: ByTimeTotals) {
        lhs.waitSum &+= rhs.waitSum
        lhs.waitCount &+= rhs.waitCount
        lhs.firstWaitSum &+= rhs.firstWaitSum
        lhs.firstWaitCount &+= rhs.firstWaitCount
        lhs.responseSum &+= rhs.responseSum
        lhs.responseCount &+= rhs.responseCount
        lhs.firstResponseSum &+= rhs.firstResponseSum
        lhs.firstResponseCount &+= rhs.firstResponseCount
        lhs.closedByAgent &+= rhs.closedByAgent
        lhs.closedByConsumer &+= rhs.closedByConsumer
        lhs.autoClosed &+= rhs.autoClosed
        lhs.durationSum &+= rhs.durationSum
        lhs.durationCount &+= rhs.durationCount
        lhs.csatTopTwo &+= rhs.csatTopTwo
        lhs.csatCount &+= rhs.csatCount
    }

    public static func - (lhs: ByTimeTotals, rhs: ByTimeTotals) -> ByTimeTotals {
        var out = lhs
        out.waitSum &-= rhs.waitSum
        out.waitCount &-= rhs.waitCount
        out.firstWaitSum &-= rhs.firstWaitSum
        out.firstWaitCount &-= rhs.firstWaitCount
        out.responseSum &-= rhs.responseSum
        out.responseCount &-= rhs.responseCount
        out.firstResponseSum &-= rhs.firstResponseSum
        out.firstResponseCount &-= rhs.firstResponseCount
        out.closedByAgent &-= rhs.closedByAgent
        out.closedByConsumer &-= rhs.closedByConsumer
        out.autoClosed &-= rhs.autoClosed
        out.durationSum &-= rhs.durationSum
        out.durationCount &-= rhs.durationCount
        out.csatTopTwo &-= rhs.csatTopTwo
        out.csatCount &-= rhs.csatCount
        return out
    }

    public static func + (lhs: ByTimeTotals, rhs: ByTimeTotals) -> ByTimeTotals {
        var out = lhs
        out += rhs
        return out
    }
}

extension ByTimeTotals {
    /// How many fields a total has: ``subscript(field:)`` takes `0 ..< fieldCount`.
    public static let fieldCount = 15

    /// Field `index` in declaration order, for the store's compact encoding, which writes only the
    /// fields a delta sets.
    public subscript(field index: Int) -> Int64 {
        get {
            switch index {
            case 0: waitSum
            case 1: waitCount
            case 2: firstWaitSum
            case 3: firstWaitCount
            case 4: responseSum
            case 5: responseCount
            case 6: firstResponseSum
            case 7: firstResponseCount
            case 8: closedByAgent
            case 9: closedByConsumer
            case 10: autoClosed
            case 11: durationSum
            case 12: durationCount
            case 13: csatTopTwo
            default: csatCount
            }
        }
        set {
            switch index {
            case 0: waitSum = newValue
            case 1: waitCount = newValue
            case 2: firstWaitSum = newValue
            case 3: firstWaitCount = newValue
            case 4: responseSum = newValue
            case 5: responseCount = newValue
            case 6: firstResponseSum = newValue
            case 7: firstResponseCount = newValue
            case 8: closedByAgent = newValue
            case 9: closedByConsumer = newValue
            case 10: autoClosed = newValue
            case 11: durationSum = newValue
            case 12: durationCount = newValue
            case 13: csatTopTwo = newValue
            default: csatCount = newValue
            }
        }
    }

    /// Whether field `i` lies at byte offset 8 × i, as the store's decoder assumes (it adds to a field by
    /// its offset, not through a switch). True of a struct of fifteen `Int64`s declared in this order;
    /// a test holds it to that.
    public static var fieldsLieInOrder: Bool {
        let paths: [WritableKeyPath<ByTimeTotals, Int64>] = [
            \.waitSum, \.waitCount, \.firstWaitSum, \.firstWaitCount, \.responseSum, \.responseCount, \.firstResponseSum,
            \.firstResponseCount, \.closedByAgent, \.closedByConsumer, \.autoClosed, \.durationSum, \.durationCount, \.csatTopTwo,
            \.csatCount,
        ]
        return MemoryLayout<ByTimeTotals>.size == 8 * fieldCount
            && paths.enumerated().allSatisfy { MemoryLayout<ByTimeTotals>.offset(of: $1) == 8 * $0 }
    }
}
