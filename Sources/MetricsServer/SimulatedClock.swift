import MetricsEngine

/// Simulated time that runs `speed` times faster than the wall clock from `startWall` on:
/// `simulated = startWall + (wall − startWall) × speed`. At speed 1 it is the wall clock.
public struct SimulatedClock: Sendable, Hashable {
    /// Epoch milliseconds when the simulation started.
    public var startWall: Int64
    public var speed: Double

    public init(startWall: Int64, speed: Double) {
        self.startWall = startWall
        self.speed = speed
    }

    /// The simulated time at wall time `wall` (both epoch milliseconds).
    public func time(atWall wall: Int64) -> Int64 {
        startWall + Int64((Double(wall - startWall) * speed).rounded(.down))
    }

    /// A clock for ``SharedEngine`` that reads `wall` and maps it.
    public func clock(wall: @escaping SharedEngine.Clock = SharedEngine.systemClock) -> SharedEngine.Clock {
        let copy = self
        return { copy.time(atWall: wall()) }
    }
}
