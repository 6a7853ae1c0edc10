import MetricsEngine
import MetricsServer

/// The simulator is the live feed's event source in simulated mode.
extension Simulator: EventSource {}
