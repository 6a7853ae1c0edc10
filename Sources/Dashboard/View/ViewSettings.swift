import KeyMetrics

/// What the supervisor chose to look at. Its ``key`` names the data it needs; the board shows that
/// data once it exists and, until then, the data it had, under that data's own label.
public struct ViewSettings: Sendable, Hashable {
    public enum Grouping: String, Sendable, Hashable, CaseIterable {
        case skill
        case agentGroup

        public var groupBy: GroupBy { self == .skill ? .skillId : .agentGroupId }
        public var label: String { self == .skill ? "by skill" : "by agent group" }
        public var columnTitle: String { self == .skill ? "SKILL" : "GROUP" }
    }

    /// `w` cycles through these.
    public static let windows: [Int64] = [15 * 60_000, 3_600_000, 4 * 3_600_000, 24 * 3_600_000]
    /// `u` cycles through these (`nil` = all user types).
    public static let userTypeChoices: [UserType?] = [nil, .human, .bot]

    public var grouping: Grouping
    public var windowMillis: Int64
    public var userTypes: UserType?
    public var includeSubGroups: Bool

    public init(grouping: Grouping = .skill, windowMillis: Int64 = 3_600_000, userTypes: UserType? = .human, includeSubGroups: Bool = false) {
        self.grouping = grouping
        self.windowMillis = windowMillis
        self.userTypes = userTypes
        self.includeSubGroups = includeSubGroups
    }

    /// The query these settings ask for.
    public var key: ViewKey {
        ViewKey(grouping: grouping, userTypes: userTypes, windowMillis: windowMillis, includeSubGroups: includeSubGroups)
    }

    /// The next window in the cycle (an off-cycle window goes to the first).
    public func nextWindow() -> Int64 {
        guard let index = Self.windows.firstIndex(of: windowMillis) else { return Self.windows[0] }
        return Self.windows[(index + 1) % Self.windows.count]
    }

    public func nextUserTypes() -> UserType? {
        guard let index = Self.userTypeChoices.firstIndex(of: userTypes) else { return nil }
        return Self.userTypeChoices[(index + 1) % Self.userTypeChoices.count]
    }
}
